package io.flushmanager.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.origin.Origin;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Stops the start when a property under {@code flush-manager.} names nothing: a typo
 * would otherwise give a service that reports ready and watches nothing. Runs before any
 * bean exists. Known names come from walking the bound record types (and the
 * configuration metadata, for names read outside binding); map entries
 * ({@code child.env.*}) and list items are accepted, and so are the variables Kubernetes
 * injects for a Service named {@code flush-manager}.
 */
class UnknownPropertiesCheck implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

	static final String PREFIX = "flush-manager";

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);

	/** Kubernetes service links for a Service named flush-manager: not ours, ignored. */
	private static final Pattern SERVICE_LINK = Pattern.compile("FLUSH_MANAGER_(SERVICE_HOST|SERVICE_PORT.*|PORT.*)");

	private static final String[] METADATA = { "META-INF/spring-configuration-metadata.json",
			"META-INF/additional-spring-configuration-metadata.json" };

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (!(this.environment instanceof ConfigurableEnvironment environment)) {
			return;
		}
		KnownProperties known = known(beanFactory);
		List<InvalidPropertyException> unknown = unknown(environment, known);
		if (!unknown.isEmpty()) {
			// The metadata of every jar is large JSON: read it only when the records
			// leave a name unexplained.
			metadataNames(beanFactory.getBeanClassLoader()).forEach(known::addName);
			unknown = unknown(environment, known);
		}
		if (!unknown.isEmpty()) {
			throw new UnknownPropertiesException(unknown);
		}
	}

	private List<InvalidPropertyException> unknown(ConfigurableEnvironment environment, KnownProperties known) {
		List<InvalidPropertyException> unknown = new ArrayList<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			Object underlying = source.getUnderlyingSource();
			if (underlying instanceof SystemEnvironmentPropertySource variables) {
				checkVariables(variables, known, unknown);
			}
			else if (source instanceof IterableConfigurationPropertySource iterable) {
				checkNames(iterable, known, unknown);
			}
		}
		return unknown;
	}

	private void checkNames(IterableConfigurationPropertySource source, KnownProperties known,
			List<InvalidPropertyException> unknown) {
		source.stream().filter(ROOT::isAncestorOf).filter((name) -> !known.accepts(name)).forEach((name) -> {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			Origin origin = (property != null) ? property.getOrigin() : null;
			String written = name.toString();
			unknown.add(problem(written, (origin != null) ? origin.toString() : sourceName(source),
					nearest(written, known.names(), false)));
		});
	}

	private void checkVariables(EnumerablePropertySource<?> variables, KnownProperties known,
			List<InvalidPropertyException> unknown) {
		for (String variable : variables.getPropertyNames()) {
			if (!variable.toUpperCase(Locale.ROOT).startsWith("FLUSH_MANAGER_")
					|| SERVICE_LINK.matcher(variable).matches() || known.acceptsVariable(variable)) {
				continue;
			}
			unknown.add(problem(variable, "environment variable " + variable, nearest(variable, known.names(), true)));
		}
	}

	private static String sourceName(ConfigurationPropertySource source) {
		return (source.getUnderlyingSource() instanceof PropertySource<?> propertySource)
				? "property source \"" + propertySource.getName() + "\"" : String.valueOf(source);
	}

	private static InvalidPropertyException problem(String name, String origin, String nearest) {
		// The value is not shown: an unknown name may well hold a secret (a mistyped
		// token).
		return new InvalidPropertyException(name, null,
				"is not a flush-manager property (from " + origin + "); did you mean " + nearest + "?",
				"Correct the name to " + nearest + " or remove it; HELP.md lists every property.");
	}

	/**
	 * The known name closest to the one written (Levenshtein), compared in the form it
	 * was written in.
	 */
	static String nearest(String written, List<String> names, boolean variable) {
		String input = variable ? written.toUpperCase(Locale.ROOT)
				: KnownProperties.dashed(written).toLowerCase(Locale.ROOT);
		return names.stream()
			.min(Comparator.comparingInt((String name) -> distance(input, variable ? asVariable(name) : name))
				.thenComparing(Comparator.naturalOrder()))
			.map((name) -> variable ? asVariable(name) + " (" + name + ")" : name)
			.orElse(PREFIX + ".*");
	}

	static String asVariable(String name) {
		return name.replaceAll("\\[\\d+\\]", "").replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
	}

	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	private static KnownProperties known(ConfigurableListableBeanFactory beanFactory) {
		KnownProperties known = new KnownProperties();
		known.addRecord(PREFIX, FlushManagerProperties.class);
		// Other records bound below flush-manager (their own @ConfigurationProperties)
		// are walked the same way.
		for (String name : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanFactory.getType(name, false);
			ConfigurationProperties annotation = (type != null)
					? AnnotatedElementUtils.findMergedAnnotation(type, ConfigurationProperties.class) : null;
			if (annotation != null && type.isRecord() && type != FlushManagerProperties.class
					&& annotation.prefix().startsWith(PREFIX + ".")) {
				known.addRecord(annotation.prefix(), type);
			}
		}
		return known;
	}

	/**
	 * Names declared in configuration metadata, such as the ones read straight from the
	 * environment.
	 */
	private static Map<String, Boolean> metadataNames(ClassLoader classLoader) {
		Map<String, Boolean> names = new LinkedHashMap<>();
		ClassLoader loader = (classLoader != null) ? classLoader : UnknownPropertiesCheck.class.getClassLoader();
		for (String resource : METADATA) {
			try {
				Enumeration<URL> urls = loader.getResources(resource);
				while (urls.hasMoreElements()) {
					try (InputStream in = urls.nextElement().openStream()) {
						Map<String, Object> json = JsonParserFactory.getJsonParser()
							.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
						if (json.get("properties") instanceof List<?> properties) {
							for (Object property : properties) {
								if (property instanceof Map<?, ?> entry && entry.get("name") instanceof String name
										&& name.startsWith(PREFIX + ".")) {
									names.put(name, String.valueOf(entry.get("type")).startsWith("java.util.Map"));
								}
							}
						}
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// Metadata only adds names; without it the records still define what is
				// known.
			}
		}
		return names;
	}

}
