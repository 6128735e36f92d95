package io.flushmanager.actuator;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.event.EventListener;

import io.flushmanager.config.FlushManagerProperties.ReloadStrategy;
import io.flushmanager.reload.ReloadCompleted;
import io.flushmanager.watch.ChangeAction;

/**
 * The reload meters: {@code flush_manager_reloads_total{strategy,result}} for every config-driven reload
 * decision, and {@code flush_manager_reload_duration_seconds} (confirmed change to child running again)
 * for the successful ones.
 */
public class ReloadMetrics {

	private static final List<ChangeAction> RESULTS = List.of(ChangeAction.RELOADED, ChangeAction.VALIDATION_FAILED,
			ChangeAction.RELOAD_FAILED);

	private final MeterRegistry registry;

	private final Timer duration;

	public ReloadMetrics(MeterRegistry registry, ReloadStrategy strategy) {
		this.registry = registry;
		// The strategy in force with each result, at zero, so that dashboards see them before the first reload.
		RESULTS.forEach((result) -> reloads(strategy, result));
		this.duration = Timer.builder("flush_manager.reload.duration")
			.description("From a confirmed config change to the child running again (successful reloads)")
			.register(registry);
	}

	@EventListener
	void onReload(ReloadCompleted event) {
		reloads(event.strategy(), event.result()).increment();
		if (event.result() == ChangeAction.RELOADED) {
			this.duration.record(event.duration());
		}
	}

	private Counter reloads(ReloadStrategy strategy, ChangeAction result) {
		// Both tags come from enums: the series are bounded.
		return Counter.builder("flush_manager.reloads")
			.description("Config-driven reloads, by strategy and result")
			.tag("strategy", strategy.name().toLowerCase())
			.tag("result", result.name())
			.register(this.registry);
	}

}
