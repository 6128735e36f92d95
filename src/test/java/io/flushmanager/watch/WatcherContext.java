package io.flushmanager.watch;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import io.flushmanager.config.CoreConfiguration;
import io.flushmanager.config.FlushManagerProperties;
import io.flushmanager.support.RecordingListener;

/**
 * The watcher's real Spring wiring (properties, validation, {@code @Scheduled} polling,
 * lifecycle) with a recording listener in place of the reload coordinator.
 */
final class WatcherContext {

	private WatcherContext() {
	}

	static ApplicationContextRunner runner(String... properties) {
		List<String> all = new ArrayList<>(List.of("flush-manager.child.command=sh",
				"flush-manager.watch.debounce=100ms", "flush-manager.watch.poll-interval=500ms"));
		all.addAll(List.of(properties));
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
					TaskSchedulingAutoConfiguration.class))
			.withUserConfiguration(PropertiesConfiguration.class, CoreConfiguration.class, WatchConfiguration.class)
			.withBean(RecordingListener.class)
			.withPropertyValues(all.toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(FlushManagerProperties.class)
	static class PropertiesConfiguration {

	}

}
