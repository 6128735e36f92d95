package io.flushmanager.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code source} health component: {@code UP} while every watch is connected,
 * {@code UNKNOWN} while the API cannot be reached (the files are the last ones seen; the
 * child keeps running on them, so neither probe group includes this component). Details
 * name objects and versions, never content.
 */
class SourceHealthIndicator implements HealthIndicator {

	private final SourceStatus status;

	private final SourceObjects objects;

	SourceHealthIndicator(SourceStatus status, SourceObjects objects) {
		this.status = status;
		this.objects = objects;
	}

	@Override
	public Health health() {
		boolean watching = this.status.isWatching();
		Health.Builder health = watching ? Health.up() : Health.status(Status.UNKNOWN);
		health.withDetail("state",
				watching ? "WATCHING" : (this.status.isInitialSyncDone() ? "DISCONNECTED" : "NOT_SYNCED"));
		health.withDetail("syncErrors", this.status.errors());
		if (this.status.lastError() != null) {
			health.withDetail("lastError", this.status.lastError());
			health.withDetail("lastErrorAt", String.valueOf(this.status.lastErrorAt()));
		}
		if (this.status.lastSyncAt() != null) {
			health.withDetail("lastSyncAt", this.status.lastSyncAt().toString());
		}
		List<Map<String, Object>> objects = this.objects.entries().stream().map((entry) -> {
			Map<String, Object> object = new LinkedHashMap<>();
			object.put("kind", entry.ref().kind().displayName());
			object.put("namespace", entry.ref().namespace());
			object.put("name", entry.ref().name());
			object.put("resourceVersion", entry.resourceVersion());
			object.put("state", entry.state().name());
			object.put("files", entry.files().size());
			if (entry.problem() != null) {
				object.put("problem", entry.problem());
			}
			return object;
		}).toList();
		// A label selector may match many objects: the count always, the list while it
		// stays readable.
		health.withDetail("objectCount", objects.size());
		if (objects.size() <= 50) {
			health.withDetail("objects", objects);
		}
		return health.build();
	}

}
