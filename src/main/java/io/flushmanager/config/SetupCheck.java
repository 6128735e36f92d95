package io.flushmanager.config;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Refuses a start with nothing to watch: such a service reports ready and never reloads
 * anything, which is worse than not starting. Runs once the properties are bound, so a
 * wrong value is reported first. Each way of giving the service work is one
 * {@link Source}; a new mode (collection, the API source) adds its line to
 * {@link #SOURCES}.
 */
class SetupCheck implements InitializingBean {

	/** What counts as configured work, in the order the message lists it. */
	static final List<Source> SOURCES = List.of(new Source("flush-manager.watch.files",
			"--flush-manager.watch.files=/etc/exporter/exporter.conf (or FLUSH_MANAGER_WATCH_FILES, or --watch FILE)",
			(setup) -> !setup.properties().watch().files().isEmpty(), true),
			new Source("flush-manager.source.kubernetes.enabled",
					"--flush-manager.source.kubernetes.enabled=true with .config-maps=NAME and .dir=DIR (HELP.md, \"API source\")",
					(setup) -> setup.environment()
						.getProperty("flush-manager.source.kubernetes.enabled", Boolean.class, false),
					true),
			// Collection alone needs no child (a DaemonSet): HELP.md, "Collection mode".
			new Source("flush-manager.collect.dirs",
					"--flush-manager.collect.dirs=/var/coredumps with collect.state-dir and collect.target (HELP.md, \"Collection\")",
					(setup) -> Binder.get(setup.environment())
						.bind("flush-manager.collect.dirs", String[].class)
						.map((dirs) -> dirs.length > 0)
						.orElse(false),
					false));

	private final Setup setup;

	SetupCheck(FlushManagerProperties properties, Environment environment) {
		this.setup = new Setup(properties, environment);
	}

	@Override
	public void afterPropertiesSet() {
		List<Source> configured = SOURCES.stream().filter((source) -> source.configured().test(this.setup)).toList();
		String command = this.setup.properties().child().command();
		boolean childless = !configured.isEmpty() && configured.stream().noneMatch(Source::needsChild);
		if ((command == null || command.isBlank()) && !childless) {
			throw new InvalidPropertyException("flush-manager.child.command", null,
					"must be set to the executable to supervise",
					"Set flush-manager.child.command (or "
							+ "FLUSH_MANAGER_CHILD_COMMAND) to the absolute path of the program to supervise, or to a "
							+ "name on PATH, for example --flush-manager.child.command=/usr/local/bin/redis-exporter.");
		}
		if (!configured.isEmpty()) {
			return;
		}
		String names = SOURCES.stream().map(Source::property).collect(Collectors.joining(", "));
		String examples = SOURCES.stream().map((source) -> "  " + source.example()).collect(Collectors.joining("\n"));
		throw new StartupFailureException(
				"Nothing to watch: none of " + names + " is set, so no config change "
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
	 * @param configured whether the settings turn it on
	 * @param needsChild whether it is work for a child (reloads); collection alone is not
	 */
	record Source(String property, String example, Predicate<Setup> configured, boolean needsChild) {

	}

	/**
	 * What a source's test reads: the core record, and the environment for a mode whose
	 * own record is bound only when it is on.
	 *
	 * @param properties the core settings
	 * @param environment the environment
	 */
	record Setup(FlushManagerProperties properties, Environment environment) {

	}

}
