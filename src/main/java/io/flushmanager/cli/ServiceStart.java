package io.flushmanager.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Starts Spring with the Spring-style arguments only, and puts the front-door options
 * ahead of every other property source.
 */
public final class ServiceStart {

	private static final String NO_WARM_UP = "spring.backgroundpreinitializer.ignore";

	private ServiceStart() {
	}

	/**
	 * Run the service.
	 * @param source the application class
	 * @param commandLine the options read by {@link FrontDoor}
	 */
	public static void run(Class<?> source, CommandLine commandLine) {
		// Boot's warm-up thread builds the default HTTP client converters, and with
		// them a Jackson 2 YAML ObjectMapper (fabric8 brings jackson-dataformat-yaml)
		// that nothing uses: ~450 classes. With one CPU, a usual sidecar limit, Boot
		// skips the warm-up anyway.
		if (System.getProperty(NO_WARM_UP) == null) {
			System.setProperty(NO_WARM_UP, "true");
		}
		SpringApplication application = new SpringApplication(source);
		application.addListeners(new CommandLineProperties(commandLine));
		application.run(commandLine.springArgs().toArray(String[]::new));
	}

	/**
	 * Adds the options first once the environment is prepared: after Spring has put its
	 * own command-line source first and after every environment post-processor (the demo
	 * profile's among them), which all run in an earlier listener.
	 */
	static final class CommandLineProperties
			implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

		private final CommandLine commandLine;

		CommandLineProperties(CommandLine commandLine) {
			this.commandLine = commandLine;
		}

		@Override
		public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
			if (this.commandLine.properties().isEmpty()) {
				return;
			}
			// Tracked with the option's name, so a failure analysis says where a bad
			// value came from.
			Map<String, Object> tracked = new LinkedHashMap<>();
			this.commandLine.properties()
				.forEach((name, value) -> tracked.put(name,
						OriginTrackedValue.of(value, new OptionOrigin(option(name)))));
			event.getEnvironment()
				.getPropertySources()
				.addFirst(new OriginTrackedMapPropertySource(CommandLine.PROPERTY_SOURCE_NAME, tracked, true));
		}

		private static String option(String property) {
			if (property.startsWith("flush-manager.watch.files")) {
				return "--watch";
			}
			if (property.startsWith("flush-manager.watch.debounce")) {
				return "--debounce";
			}
			if (property.startsWith("flush-manager.reload.")) {
				return "--reload";
			}
			if (property.equals("server.port")) {
				return "--port";
			}
			return "the command after --";
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

	/** Where a value came from: {@code command-line option --debounce}. */
	private record OptionOrigin(String option) implements Origin {

		@Override
		public String toString() {
			return "command-line option " + this.option;
		}

	}

}
