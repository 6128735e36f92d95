package io.flushmanager.actuator;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.flushmanager.child.ChildControl;
import io.flushmanager.config.FlushManagerProperties;
import io.flushmanager.reload.AppliedConfig;
import io.flushmanager.watch.AppliedContent;
import io.flushmanager.watch.ChangeHistory;
import io.flushmanager.watch.ConfigWatcher;
import io.flushmanager.watch.WatchStatus;
import io.flushmanager.web.ManualRestart;

/**
 * Wires the actuator side: the {@code restart} and {@code configwatch} endpoints, the
 * health components {@code child}, {@code configWatch} and {@code supervisor} (named
 * after their beans) and the meters of HELP.md "Metrics".
 */
@Configuration(proxyBeanMethods = false)
public class ActuatorConfiguration {

	@Bean
	RestartEndpoint restartEndpoint(ChildControl child, ManualRestart restart) {
		return new RestartEndpoint(child, restart);
	}

	@Bean
	ConfigWatchEndpoint configWatchEndpoint(ConfigWatcher watcher, ChangeHistory history, AppliedContent applied) {
		return new ConfigWatchEndpoint(watcher, history, applied);
	}

	@Bean
	ChildHealthIndicator childHealthIndicator(ChildControl child) {
		return new ChildHealthIndicator(child);
	}

	@Bean
	SupervisorHealthIndicator supervisorHealthIndicator(ChildControl child) {
		return new SupervisorHealthIndicator(child);
	}

	@Bean
	ConfigWatchHealthIndicator configWatchHealthIndicator(ConfigWatcher watcher, WatchStatus status) {
		return new ConfigWatchHealthIndicator(watcher, status);
	}

	@Bean
	WatchMetrics watchMetrics(MeterRegistry registry, ConfigWatcher watcher, WatchStatus status) {
		return new WatchMetrics(registry, watcher, status);
	}

	@Bean
	ChildMetrics childMetrics(MeterRegistry registry, ChildControl child) {
		return new ChildMetrics(registry, child);
	}

	@Bean
	ReloadMetrics reloadMetrics(MeterRegistry registry, FlushManagerProperties properties) {
		return new ReloadMetrics(registry, properties.reload().strategy());
	}

	@Bean
	ConfigSyncMetrics configSyncMetrics(MeterRegistry registry, ConfigWatcher watcher, AppliedConfig applied) {
		return new ConfigSyncMetrics(registry, watcher, applied);
	}

	@Bean
	BuildInfoMetrics buildInfoMetrics(MeterRegistry registry, ObjectProvider<BuildProperties> build,
			ObjectProvider<GitProperties> git) {
		return new BuildInfoMetrics(registry, build.getIfAvailable(), git.getIfAvailable());
	}

}
