package io.flushmanager.actuator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.flushmanager.watch.ConfigWatcher;
import io.flushmanager.watch.FileSnapshot;
import io.flushmanager.watch.WatchStatus;

/**
 * Health component {@code configWatch}: DOWN only when a watcher thread died (changes
 * would go unseen; a container restart is the fix, so it is part of liveness). Polling
 * alone, a missing or unreadable file are states of the world, not failures of the
 * service: UP, with the details saying so.
 */
public class ConfigWatchHealthIndicator implements HealthIndicator {

	private final ConfigWatcher watcher;

	private final WatchStatus status;

	public ConfigWatchHealthIndicator(ConfigWatcher watcher, WatchStatus status) {
		this.watcher = watcher;
		this.status = status;
	}

	@Override
	public Health health() {
		Throwable failure = this.status.threadFailure();
		Health.Builder builder = (failure == null) ? Health.up()
				: Health.down().withDetail("threadFailure", String.valueOf(failure));
		builder.withDetail("mode", this.status.mode());
		builder.withDetail("nativeEvents", this.watcher.properties().nativeEvents());
		if (this.status.nativeProblem() != null) {
			builder.withDetail("nativeProblem", this.status.nativeProblem());
		}
		builder.withDetail("errors", this.status.errors());
		builder.withDetail("eventsLost", this.status.eventsLost());
		builder.withDetail("files", files());
		return builder.build();
	}

	private List<Map<String, Object>> files() {
		return this.watcher.files().stream().map((file) -> {
			FileSnapshot snapshot = file.snapshot();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("path", snapshot.path().toString());
			details.put("exists", snapshot.exists());
			details.put("error", snapshot.error());
			return details;
		}).toList();
	}

}
