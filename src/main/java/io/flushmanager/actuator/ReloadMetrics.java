package io.flushmanager.actuator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.event.EventListener;

import io.flushmanager.child.ChildEvent;
import io.flushmanager.child.RestartReason;
import io.flushmanager.config.ReloadProperties.ReloadStrategy;
import io.flushmanager.reload.ReloadCompleted;
import io.flushmanager.watch.ChangeAction;

/**
 * The reload meters: {@code flush_manager_reloads_total{strategy,result}} for every
 * config-driven reload decision, {@code flush_manager_reload_duration_seconds} (confirmed
 * change to child running again, a histogram) for the successful ones, and the two an
 * alert can hold on to, as other reloaders name them:
 * {@code flush_manager_reload_last_success} and
 * {@code flush_manager_config_last_reload_success_timestamp_seconds}.
 */
public class ReloadMetrics {

	private static final List<ChangeAction> RESULTS = List.of(ChangeAction.RELOADED, ChangeAction.VALIDATION_FAILED,
			ChangeAction.RELOAD_FAILED, ChangeAction.ROLLED_BACK);

	// Restart = stop (up to stop-timeout, 10 s) + start-grace (1 s); signal and http are
	// sub-second.
	private static final Duration[] BUCKETS = { Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
			Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120) };

	private final MeterRegistry registry;

	private final Timer duration;

	private final LastReload last = new LastReload();

	public ReloadMetrics(MeterRegistry registry, ReloadStrategy strategy) {
		this.registry = registry;
		// The strategy in force with each result, at zero, so that dashboards see them
		// before the first reload.
		RESULTS.forEach((result) -> reloads(strategy, result));
		this.duration = Timer.builder("flush_manager.reload.duration")
			.description("From a confirmed config change to the child running again (successful reloads)")
			.serviceLevelObjectives(BUCKETS)
			.register(registry);
		Gauge.builder("flush_manager.reload.last_success", this.last, (l) -> l.success() ? 1 : 0)
			.description("1 when the last config-driven reload (or the first start) succeeded, "
					+ "0 after a rejected or failed one until a good one")
			.register(registry);
		Gauge.builder("flush_manager.config.last_reload_success_timestamp", this.last, LastReload::successSeconds)
			.description("When the child last took up new config successfully (first start or reload), "
					+ "in seconds since the epoch")
			.baseUnit("seconds")
			.register(registry);
	}

	@EventListener
	void onReload(ReloadCompleted event) {
		reloads(event.strategy(), event.result()).increment();
		if (event.result() == ChangeAction.RELOADED) {
			this.duration.record(event.duration());
			this.last.succeeded(event.at());
		}
		else {
			this.last.failed();
		}
	}

	@EventListener
	void onChildEvent(ChildEvent event) {
		// The first start is the first "reload": the child took up the config it was
		// started with.
		if (event.type() == ChildEvent.Type.STARTED && event.reason() == RestartReason.STARTUP) {
			this.last.started(event.at());
		}
	}

	private Counter reloads(ReloadStrategy strategy, ChangeAction result) {
		// Both tags come from enums: the series are bounded.
		return Counter.builder("flush_manager.reloads")
			.description("Config-driven reloads, by strategy and result")
			.tag("strategy", Labels.of(strategy))
			.tag("result", Labels.of(result))
			.register(this.registry);
	}

	/**
	 * The outcome of the last reload, written by event listeners and read by the scrape.
	 */
	private static final class LastReload {

		private boolean success;

		private boolean decided;

		private Instant successAt;

		synchronized void started(Instant at) {
			// Only before any reload decided: a late STARTUP event must not overwrite a
			// rejection.
			if (!this.decided) {
				this.success = true;
				this.successAt = at;
			}
		}

		synchronized void succeeded(Instant at) {
			this.decided = true;
			this.success = true;
			this.successAt = at;
		}

		synchronized void failed() {
			this.decided = true;
			this.success = false;
		}

		synchronized boolean success() {
			return this.success;
		}

		synchronized double successSeconds() {
			return (this.successAt != null) ? this.successAt.toEpochMilli() / 1000.0 : Double.NaN;
		}

	}

}
