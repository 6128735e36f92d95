package io.flushmanager.watch;

/**
 * A change seen by one check, before the debounce period.
 *
 * @param recordId the history entry that tracks it
 * @param source what saw it
 * @param before the snapshot before
 * @param after the snapshot after
 * @param detectedNanos {@link System#nanoTime()} when it was seen
 */
public record DetectedChange(long recordId, ChangeSource source, FileSnapshot before, FileSnapshot after,
		long detectedNanos) {

}
