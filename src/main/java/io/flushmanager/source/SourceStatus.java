package io.flushmanager.source;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * How the API source is doing, for health and metrics: errors counted, the last one
 * described (never with object content), when it last synced, and whether every watch is
 * connected now.
 */
class SourceStatus {

	private final Clock clock;

	private final AtomicLong errors = new AtomicLong();

	private volatile @Nullable String lastError;

	private volatile @Nullable Instant lastErrorAt;

	private volatile @Nullable Instant lastSyncAt;

	private volatile boolean initialSyncDone;

	private volatile BooleanSupplier watching = () -> false;

	SourceStatus(Clock clock) {
		this.clock = clock;
	}

	void recordError(String description) {
		this.errors.incrementAndGet();
		this.lastError = description;
		this.lastErrorAt = this.clock.instant();
	}

	void recordSync() {
		this.lastSyncAt = this.clock.instant();
	}

	void initialSyncDone() {
		this.initialSyncDone = true;
	}

	void watching(BooleanSupplier watching) {
		this.watching = watching;
	}

	long errors() {
		return this.errors.get();
	}

	@Nullable String lastError() {
		return this.lastError;
	}

	@Nullable Instant lastErrorAt() {
		return this.lastErrorAt;
	}

	@Nullable Instant lastSyncAt() {
		return this.lastSyncAt;
	}

	boolean isInitialSyncDone() {
		return this.initialSyncDone;
	}

	/**
	 * Whether every watch is connected now; while not, the files are the last ones seen.
	 * @return {@code true} when the API source is current
	 */
	boolean isWatching() {
		return this.watching.getAsBoolean();
	}

}
