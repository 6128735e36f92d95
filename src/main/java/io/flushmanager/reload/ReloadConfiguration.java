package io.flushmanager.reload;

import java.time.Clock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.ChildEnvironment;
import io.flushmanager.config.FlushManagerProperties;

/**
 * Wires the reload coordinator with the strategy chosen by {@code flush-manager.reload.strategy}.
 */
@Configuration(proxyBeanMethods = false)
public class ReloadConfiguration {

	@Bean
	ReloadCoordinator reloadCoordinator(FlushManagerProperties properties, ChildControl child,
			ApplicationEventPublisher events, Clock clock) {
		FlushManagerProperties.Reload reload = properties.reload();
		Reloader reloader = switch (reload.strategy()) {
			case RESTART -> new RestartReloader(child,
					properties.child().stopTimeout().plus(reload.timeout()).plusSeconds(30));
			case SIGNAL -> new SignalReloader(child, reload.signal());
			case HTTP -> new HttpReloader(reload.url(), reload.method().name(), reload.timeout(), reload.retries());
		};
		ConfigValidator validator = reload.validateCommand().isEmpty() ? null
				: new ConfigValidator(reload.validateArgv(), reload.timeout(),
						ChildEnvironment.of(properties.child()).variables());
		return new ReloadCoordinator(reload, validator, reloader, events, clock);
	}

}
