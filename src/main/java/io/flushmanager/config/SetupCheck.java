package io.flushmanager.config;

import java.util.List;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;

/**
 * Refuses a start with nothing to watch: such a service reports ready and never reloads anything, which
 * is worse than not starting. Runs once the properties are bound, so a wrong value is reported first.
 * Each way of giving the service work is one {@link Source}; a new mode (collection, the API source) adds
 * its line to {@link #SOURCES}.
 */
class SetupCheck implements InitializingBean {

	/** What counts as configured work, in the order the message lists it. */
	static final List<Source> SOURCES = List.of(new Source("flush-manager.watch.files",
			"--flush-manager.watch.files=/etc/exporter/exporter.conf (or FLUSH_MANAGER_WATCH_FILES, or --watch FILE)",
			(properties, environment) -> !properties.watch().files().isEmpty()),
			new Source("flush-manager.source.kubernetes.enabled",
					"--flush-manager.source.kubernetes.enabled=true with .config-maps=NAME and .dir=DIR (HELP.md, \"API source\")",
					(properties, environment) -> environment.getProperty("flush-manager.source.kubernetes.enabled",
							Boolean.class, false)));

	private final FlushManagerProperties properties;

	private final Environment environment;

	SetupCheck(FlushManagerProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		if (SOURCES.stream().anyMatch((source) -> source.configured().test(this.properties, this.environment))) {
			return;
		}
		String names = SOURCES.stream().map(Source::property).collect(Collectors.joining(", "));
		String examples = SOURCES.stream().map((source) -> "  " + source.example()).collect(Collectors.joining("\n"));
		throw new StartupFailureException("Nothing to watch: none of " + names + " is set, so no config change "
				+ "would ever reach the child. A service started like this would report ready and do nothing.",
				"Set what the service watches, for example:\n" + examples
						+ "\nHELP.md (\"Configuration\") lists every property; java -jar flush-manager.jar --help the "
						+ "command-line form.");
	}

	/**
	 * One way of giving the service something to watch.
	 *
	 * @param property the property that turns it on
	 * @param example how to set it
	 * @param configured whether the bound properties turn it on
	 */
	record Source(String property, String example, BiPredicate<FlushManagerProperties, Environment> configured) {

	}

}
