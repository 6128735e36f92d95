package io.flushmanager.reload;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.ChildEnvironment;
import io.flushmanager.config.FlushManagerProperties;
import io.flushmanager.config.ReloadProperties;
import io.flushmanager.time.Ticker;
import io.flushmanager.watch.SnapshotReader;

/**
 * Wires the reload coordinator with the strategy chosen by
 * {@code flush-manager.reload.strategy}.
 */
@Configuration(proxyBeanMethods = false)
public class ReloadConfiguration {

	@Bean
	AppliedConfig appliedConfig(SnapshotReader snapshotReader, FlushManagerProperties properties) {
		return new AppliedConfig(snapshotReader, properties.reload().stageDir());
	}

	@Bean
	ReloadCoordinator reloadCoordinator(FlushManagerProperties properties, ChildControl child,
			ApplicationEventPublisher events, Clock clock, Ticker ticker, AppliedConfig applied,
			ObjectProvider<ReloaderDecorator> decorators) {
		ReloadProperties reload = properties.reload();
		Reloader reloader = switch (reload.strategy()) {
			// A restarted child reads its config at spawn, which AppliedConfig records on
			// ChildSpawning.
			case RESTART ->
				new RestartReloader(child, properties.child().stopTimeout().plus(reload.timeout()).plusSeconds(30));
			case SIGNAL -> capturingFirst(applied, new SignalReloader(child, reload.signal()));
			case HTTP -> capturingFirst(applied,
					new HttpReloader(reload.url(), reload.method().name(), reload.timeout(), reload.retries()));
		};
		// A reload transaction (stage-dir or verify.*) wraps the strategy; by default
		// there is none.
		for (ReloaderDecorator decorator : decorators.orderedStream().toList()) {
			reloader = decorator.decorate(reloader);
		}
		ConfigValidator validator = reload.validateCommand().isEmpty() ? null : new ConfigValidator(
				reload.validateArgv(), reload.timeout(), ChildEnvironment.of(properties.child()).variables());
		return new ReloadCoordinator(reload, validator, reloader, events, clock, ticker);
	}

	/**
	 * A signalled or called child re-reads its config when told: what the files hold just
	 * before is what it gets.
	 */
	private static Reloader capturingFirst(AppliedConfig applied, Reloader reloader) {
		return (change) -> {
			applied.capture();
			return reloader.reload(change);
		};
	}

}
