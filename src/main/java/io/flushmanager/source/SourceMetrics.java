package io.flushmanager.source;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code flush_manager_source_sync_errors_total},
 * {@code flush_manager_source_last_sync_timestamp_seconds},
 * {@code flush_manager_source_objects_watched} and
 * {@code flush_manager_source_connected}.
 */
class SourceMetrics {

	SourceMetrics(MeterRegistry registry, SourceStatus status, SourceObjects objects) {
		FunctionCounter.builder("flush_manager.source.sync_errors", status, SourceStatus::errors)
			.description("API source errors: failed lists and watches, objects that cannot be materialized")
			.register(registry);
		Gauge
			.builder("flush_manager.source.last_sync_timestamp", status,
					(s) -> (s.lastSyncAt() != null) ? s.lastSyncAt().toEpochMilli() / 1000.0 : Double.NaN)
			.description("When the API source last applied what the API server said, in seconds since the epoch")
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder("flush_manager.source.objects_watched", objects, (o) -> o.entries().size())
			.description("ConfigMaps and Secrets materialized by the API source (deleted ones in their grace included)")
			.register(registry);
		Gauge.builder("flush_manager.source.connected", status, (s) -> s.isWatching() ? 1 : 0)
			.description("1 while every API source watch is connected, 0 while the files may be stale")
			.register(registry);
	}

}
