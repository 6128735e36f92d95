package io.flushmanager.actuator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.flushmanager.watch.AppliedContent;
import io.flushmanager.watch.ConfigWatcher;
import io.flushmanager.watch.WatchedFile;

/**
 * {@code flush_manager_config_in_sync}: 1 when, for every watched file, the content the
 * child took up is the content mounted now, else 0. Unlike a reload counter it stays 0
 * for as long as the child runs stale config (a rejected or failed reload), which is what
 * an alert must see, and returns to 1 only when a good reload (or a restart) has taken up
 * what is mounted.
 */
public class ConfigSyncMetrics {

	private final ConfigWatcher watcher;

	private final AppliedContent applied;

	public ConfigSyncMetrics(MeterRegistry registry, ConfigWatcher watcher, AppliedContent applied) {
		this.watcher = watcher;
		this.applied = applied;
		Gauge.builder("flush_manager.config.in_sync", this, (metrics) -> metrics.inSync() ? 1 : 0)
			.description("1 when every watched file's content taken up by the child is the mounted content, else 0")
			.register(registry);
	}

	boolean inSync() {
		// The watcher's latest snapshots against what the child took up; neither reads a
		// file here, so a
		// scrape never waits on a slow mount.
		for (WatchedFile file : this.watcher.files()) {
			if (!this.applied.isApplied(file.snapshot().path(), file.snapshot().sha256())) {
				return false;
			}
		}
		return true;
	}

}
