package io.flushmanager.actuator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;

import io.flushmanager.watch.ChangeSource;
import io.flushmanager.watch.ConfigFileChanged;
import io.flushmanager.watch.ConfigWatcher;
import io.flushmanager.watch.WatchStatus;
import io.flushmanager.watch.WatchedFile;

/**
 * The watcher's meters: {@code flush_manager_config_changes_total{path,source}},
 * {@code flush_manager_config_last_change_timestamp_seconds{path}},
 * {@code flush_manager_watch_errors_total}, {@code flush_manager_watch_events_lost_total}
 * and {@code flush_manager_watch_native_events}. The {@code path} label only ever takes
 * the configured paths, so cardinality is bounded.
 */
public class WatchMetrics {

	private final ConfigWatcher watcher;

	private final Map<Path, Map<ChangeSource, Counter>> changes = new HashMap<>();

	public WatchMetrics(MeterRegistry registry, ConfigWatcher watcher, WatchStatus status) {
		this.watcher = watcher;
		for (Path path : watcher.properties().files()) {
			Map<ChangeSource, Counter> bySource = new HashMap<>();
			// Registered at zero for each source, so that rate() and increase() work from
			// the first change.
			for (ChangeSource source : EnumSet.of(ChangeSource.EVENT, ChangeSource.POLL)) {
				bySource.put(source,
						Counter.builder("flush_manager.config.changes")
							.description("Changes of watched config files, by the source that saw them first")
							.tag("path", path.toString())
							.tag("source", Labels.of(source))
							.register(registry));
			}
			this.changes.put(path, bySource);
			Gauge.builder("flush_manager.config.last_change_timestamp", this, (metrics) -> metrics.lastChange(path))
				.description("When the file was last seen changing (its modification time before any change "
						+ "since start), in seconds since the epoch")
				.baseUnit("seconds")
				.tag("path", path.toString())
				.register(registry);
		}
		FunctionCounter.builder("flush_manager.watch.errors", status, WatchStatus::errors)
			.description("Watch errors: native events unavailable, registrations refused, unreadable files")
			.register(registry);
		FunctionCounter.builder("flush_manager.watch.events_lost", status, WatchStatus::eventsLost)
			.description("Overflows of the kernel's event queue (each was followed by a full check)")
			.register(registry);
		Gauge.builder("flush_manager.watch.native_events", status, (s) -> s.nativeActive() ? 1 : 0)
			.description("1 when native file events are in use, 0 when polling alone")
			.register(registry);
	}

	@EventListener
	void onChange(ConfigFileChanged event) {
		Map<ChangeSource, Counter> bySource = this.changes.get(event.record().path());
		Counter counter = (bySource != null) ? bySource.get(event.record().source()) : null;
		// Only configured paths and sources that see changes have counters: nothing
		// unbounded is created here.
		if (counter != null) {
			counter.increment();
		}
	}

	private double lastChange(Path path) {
		for (WatchedFile file : this.watcher.files()) {
			if (file.snapshot().path().equals(path)) {
				Instant at = (file.lastChangeAt() != null) ? file.lastChangeAt() : file.snapshot().lastModified();
				return (at != null) ? at.toEpochMilli() / 1000.0 : Double.NaN;
			}
		}
		return Double.NaN;
	}

}
