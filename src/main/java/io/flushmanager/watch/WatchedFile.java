package io.flushmanager.watch;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The current state of one watched file.
 *
 * @param snapshot the latest snapshot
 * @param changeCount changes seen since start
 * @param lastChangeAt when the last change was seen, or {@code null}
 */
public record WatchedFile(FileSnapshot snapshot, long changeCount, @Nullable Instant lastChangeAt) {

	WatchedFile changedTo(FileSnapshot next, Instant at) {
		return new WatchedFile(next, this.changeCount + 1, at);
	}

	WatchedFile rehashed(FileSnapshot same) {
		return new WatchedFile(same, this.changeCount, this.lastChangeAt);
	}

}
