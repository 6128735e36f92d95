package io.flushmanager.collect;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.flushmanager.collect.ledger.State;

/**
 * The gauges of HELP.md, "Collection mode" read from the ledger:
 * {@code flush_manager_collect_pending},
 * {@code flush_manager_collect_oldest_pending_age_seconds}, and
 * {@code flush_manager_collect_failed}.
 */
final class CollectMetrics {

	CollectMetrics(MeterRegistry registry, CollectService service) {
		Gauge.builder("flush_manager.collect.pending", service, (s) -> s.summary().pending())
			.description("Collected files not yet DONE or FAILED")
			.register(registry);
		Gauge.builder("flush_manager.collect.oldest_pending_age", service, (s) -> s.summary().oldestPendingAgeSeconds())
			.description("Age of the oldest collected file not yet DONE or FAILED")
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder("flush_manager.collect.failed", service, (s) -> s.summary().counts().get(State.FAILED))
			.description("Collected files in FAILED (kept, retryable)")
			.register(registry);
	}

}
