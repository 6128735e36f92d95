package io.flushmanager.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the front-door options asked for, and the Spring-style arguments
 * ({@code --name=value}) given beside them, which go to Spring unchanged.
 *
 * @param watch files given with {@code --watch}, in order (empty: not given)
 * @param debounce the {@code --debounce} value, or {@code null}
 * @param reload the {@code --reload} choice, or {@code null}
 * @param port the {@code --port} value, or {@code null}
 * @param command the child's argv after {@code --} (empty: no {@code --})
 * @param springArgs the arguments meant for Spring
 */
public record CommandLine(List<String> watch, String debounce, Reload reload, Integer port, List<String> command,
		List<String> springArgs) {

	/**
	 * Name of the property source that carries these options, ahead of every other one.
	 */
	public static final String PROPERTY_SOURCE_NAME = "flushManagerCommandLine";

	public CommandLine {
		watch = List.copyOf(watch);
		command = List.copyOf(command);
		springArgs = List.copyOf(springArgs);
	}

	/**
	 * The options as properties. Lists are indexed ({@code files[0]}), so a value is
	 * never split on commas, and every value is escaped for Spring's placeholder syntax,
	 * so {@code ${HOME}} stays {@code ${HOME}}: the binder's only rule is that a
	 * backslash right before {@code ${} is dropped, which makes prefixing each {@code ${}
	 * with one an exact escape. @return property names and values, in a stable order
	 */
	public Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (int i = 0; i < this.watch.size(); i++) {
			properties.put("flush-manager.watch.files[" + i + "]", escape(this.watch.get(i)));
		}
		if (this.debounce != null) {
			properties.put("flush-manager.watch.debounce", this.debounce);
		}
		if (this.reload != null) {
			properties.put("flush-manager.reload.strategy", this.reload.strategy());
			if (this.reload.signal() != null) {
				properties.put("flush-manager.reload.signal", this.reload.signal());
			}
			if (this.reload.url() != null) {
				properties.put("flush-manager.reload.url", escape(this.reload.url()));
			}
		}
		if (this.port != null) {
			properties.put("server.port", this.port.toString());
		}
		if (!this.command.isEmpty()) {
			properties.put("flush-manager.child.command", escape(this.command.get(0)));
			if (this.command.size() == 1) {
				// An empty value binds an empty list here and stops a lower source's args
				// from showing through.
				properties.put("flush-manager.child.args", "");
			}
			for (int i = 1; i < this.command.size(); i++) {
				properties.put("flush-manager.child.args[" + (i - 1) + "]", escape(this.command.get(i)));
			}
		}
		return properties;
	}

	static String escape(String value) {
		return value.replace("${", "\\${");
	}

	/**
	 * The {@code --reload} choice.
	 *
	 * @param strategy {@code restart}, {@code signal} or {@code http}
	 * @param signal the signal's name for {@code signal}, or {@code null} for the default
	 * @param url the webhook for {@code http}, else {@code null}
	 */
	public record Reload(String strategy, String signal, String url) {

	}

}
