package io.flushmanager.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * The property names a configuration tree accepts, built by walking its record types, so
 * that a component added to a record is known without a list to maintain. Names are
 * compared in Spring's uniform form (lower case, no dashes), which is how relaxed binding
 * matches {@code stop-timeout}, {@code stopTimeout} and {@code STOP_TIMEOUT}.
 */
final class KnownProperties {

	private final Group root = new Group();

	private final List<String> names = new ArrayList<>();

	/**
	 * Add a tree of properties.
	 * @param prefix where it is bound, such as {@code flush-manager}
	 * @param type its record type
	 */
	void addRecord(String prefix, Class<?> type) {
		Node node = nodeFor(type, prefix);
		this.root.put(ConfigurationPropertyName.of(prefix), node);
	}

	/**
	 * Add one name known otherwise (from configuration metadata), unless the records
	 * already cover it.
	 * @param name the property name
	 * @param map whether it is a map, whose entries are its own
	 */
	void addName(String name, boolean map) {
		ConfigurationPropertyName parsed = ConfigurationPropertyName.adapt(name, '.');
		if (parsed.isEmpty() || find(parsed) != null) {
			return;
		}
		this.root.put(parsed, map ? new MapOf() : new Leaf());
		this.names.add(name);
	}

	/**
	 * All leaf names, for suggestions.
	 * @return dotted, dashed names
	 */
	List<String> names() {
		return List.copyOf(this.names);
	}

	/**
	 * Whether a property name (from any source but the environment variables) is
	 * accepted.
	 * @param name the name
	 * @return {@code true} if it names a property, an entry of a map property or an item
	 * of a list
	 */
	boolean accepts(ConfigurationPropertyName name) {
		return find(name) != null;
	}

	private Node find(ConfigurationPropertyName name) {
		Node node = this.root;
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			if (node instanceof MapOf) {
				return node;
			}
			if (node instanceof ListOf list && name.isNumericIndex(i)) {
				node = list.element();
				continue;
			}
			if (!(node instanceof Group group)) {
				return null;
			}
			node = group.children().get(name.getElement(i, Form.UNIFORM));
			if (node == null) {
				return null;
			}
		}
		return node;
	}

	/**
	 * Whether an environment variable name is accepted, trying every way its underscores
	 * may split into dots and dashes, as Spring's mapping of
	 * {@code FLUSH_MANAGER_CHILD_STOP_TIMEOUT} does.
	 * @param variable the variable's name
	 * @return {@code true} if it maps onto a known property
	 */
	boolean acceptsVariable(String variable) {
		String[] tokens = variable.toLowerCase(Locale.ROOT).split("_");
		List<String> parts = new ArrayList<>();
		for (String token : tokens) {
			if (!token.isEmpty()) {
				parts.add(token);
			}
		}
		return matches(this.root, parts, 0);
	}

	private static boolean matches(Node node, List<String> parts, int from) {
		if (from == parts.size()) {
			return true;
		}
		if (node instanceof MapOf) {
			return true;
		}
		if (node instanceof ListOf list) {
			return isNumber(parts.get(from)) && matches(list.element(), parts, from + 1);
		}
		if (node instanceof Group group) {
			StringBuilder element = new StringBuilder();
			for (int to = from; to < parts.size(); to++) {
				element.append(parts.get(to));
				Node child = group.children().get(element.toString());
				if (child != null && matches(child, parts, to + 1)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean isNumber(String text) {
		return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
	}

	private Node nodeFor(Type type, String name) {
		Class<?> raw = rawClass(type);
		if (raw.isRecord()) {
			Group group = new Group();
			for (RecordComponent component : raw.getRecordComponents()) {
				String child = name + "." + dashed(component.getName());
				group.children().put(uniform(component.getName()), nodeFor(component.getGenericType(), child));
			}
			return group;
		}
		if (Map.class.isAssignableFrom(raw)) {
			this.names.add(name);
			return new MapOf();
		}
		if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
			Type element = (type instanceof ParameterizedType parameterized) ? parameterized.getActualTypeArguments()[0]
					: raw.getComponentType();
			Class<?> elementClass = (element != null) ? rawClass(element) : Object.class;
			if (elementClass.isRecord()) {
				return new ListOf(nodeFor(element, name + "[0]"));
			}
			this.names.add(name);
			return new ListOf(new Leaf());
		}
		this.names.add(name);
		return new Leaf();
	}

	private static Class<?> rawClass(Type type) {
		if (type instanceof Class<?> type1) {
			return type1;
		}
		if (type instanceof ParameterizedType parameterized) {
			return (Class<?>) parameterized.getRawType();
		}
		return Object.class;
	}

	static String dashed(String camel) {
		StringBuilder out = new StringBuilder();
		for (char c : camel.toCharArray()) {
			if (Character.isUpperCase(c)) {
				out.append('-').append(Character.toLowerCase(c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	private static String uniform(String camel) {
		return camel.toLowerCase(Locale.ROOT).replace("-", "");
	}

	private sealed interface Node permits Group, Leaf, ListOf, MapOf {

	}

	private record Group(Map<String, Node> children) implements Node {

		Group() {
			this(new LinkedHashMap<>());
		}

		/** Put a node at a path below this group, creating groups on the way. */
		void put(ConfigurationPropertyName path, Node node) {
			Group group = this;
			int last = path.getNumberOfElements() - 1;
			for (int i = 0; i < last; i++) {
				Node next = group.children().computeIfAbsent(path.getElement(i, Form.UNIFORM), (key) -> new Group());
				if (!(next instanceof Group nextGroup)) {
					return;
				}
				group = nextGroup;
			}
			group.children().putIfAbsent(path.getElement(last, Form.UNIFORM), node);
		}

	}

	private record Leaf() implements Node {

	}

	private record ListOf(Node element) implements Node {

	}

	private record MapOf() implements Node {

	}

}
