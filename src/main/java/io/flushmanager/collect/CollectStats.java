package io.flushmanager.collect;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.flushmanager.collect.ledger.Entry;

/**
 * The meters of HELP.md, "Collection mode" that count events
 * ({@code flush_manager_collect_files_total{result}}, {@code _bytes_total},
 * {@code _upload_duration_seconds}); the gauges read the ledger ({@link CollectMetrics}).
 * Label values are lower-case snake case.
 */
final class CollectStats {

	private final MeterRegistry registry;

	private final Clock clock;

	private final Map<String, Counter> results = new ConcurrentHashMap<>();

	private final Counter bytes;

	private final Counter storedBytes;

	private final Timer upload;

	private final Timer latency;

	CollectStats(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
		this.bytes = Counter.builder("flush_manager.collect.bytes")
			.description("Bytes of collected files stored (before compression)")
			.register(registry);
		this.storedBytes = Counter.builder("flush_manager.collect.stored_bytes")
			.description("Bytes written to the target (after compression)")
			.register(registry);
		this.upload = Timer.builder("flush_manager.collect.upload.duration")
			.description("Compression, upload and verification of one file")
			.register(registry);
		this.latency = Timer.builder("flush_manager.collect.latency")
			.description("From a file's discovery to DONE")
			.publishPercentiles(0.5, 0.99)
			.register(registry);
		for (String result : new String[] { "done", "failed", "retried", "vanished", "resettled",
				"removed_unstored" }) {
			result(result, 0);
		}
	}

	void result(String result) {
		result(result, 1);
	}

	private void result(String result, double amount) {
		String label = result.toLowerCase(Locale.ROOT);
		this.results
			.computeIfAbsent(label,
					(name) -> Counter.builder("flush_manager.collect.files")
						.description("Collected files by how their processing ended")
						.tag("result", name)
						.register(this.registry))
			.increment(amount);
	}

	void stored(long contentBytes, long storedBytes, long nanos) {
		this.bytes.increment(contentBytes);
		this.storedBytes.increment(storedBytes);
		this.upload.record(Duration.ofNanos(nanos));
	}

	void doneLatency(Entry entry) {
		this.latency.record(Duration.ofMillis(Math.max(0, this.clock.millis() - entry.discoveredAt())));
	}

	Timer latency() {
		return this.latency;
	}

	double count(String result) {
		Counter counter = this.results.get(result);
		return (counter != null) ? counter.count() : 0;
	}

}
