package io.flushmanager.cli;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts Spring with the Spring-style arguments only, and puts the front-door options ahead of every
 * other property source.
 */
public final class ServiceStart {

	private ServiceStart() {
	}

	/**
	 * Run the service.
	 * @param source the application class
	 * @param commandLine the options read by {@link FrontDoor}
	 */
	public static void run(Class<?> source, CommandLine commandLine) {
		SpringApplication application = new SpringApplication(source);
		application.addListeners(new CommandLineProperties(commandLine));
		application.run(commandLine.springArgs().toArray(String[]::new));
	}

	/**
	 * Adds the options first once the environment is prepared: after Spring has put its own command-line
	 * source first and after every environment post-processor (the demo profile's among them), which
	 * all run in an earlier listener.
	 */
	static final class CommandLineProperties implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

		private final CommandLine commandLine;

		CommandLineProperties(CommandLine commandLine) {
			this.commandLine = commandLine;
		}

		@Override
		public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
			if (!this.commandLine.properties().isEmpty()) {
				event.getEnvironment()
					.getPropertySources()
					.addFirst(new MapPropertySource(CommandLine.PROPERTY_SOURCE_NAME, this.commandLine.properties()));
			}
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
