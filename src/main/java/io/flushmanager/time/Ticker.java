package io.flushmanager.time;

import java.time.Duration;

/**
 * Monotonic time, the seam for every timing policy (debounce, backoff, start-grace,
 * min-interval, stop timeouts). Wall-clock time ({@link java.time.Clock}) is for
 * timestamps people read; durations come from here, so that a policy can be tested by
 * advancing a fake instead of waiting.
 */
@FunctionalInterface
public interface Ticker {

	/** The JVM's monotonic clock. */
	Ticker SYSTEM = System::nanoTime;

	/**
	 * The current value of a monotonic clock, in nanoseconds, with an arbitrary origin.
	 * @return nanoseconds
	 */
	long nanoTime();

	/**
	 * The time passed since an earlier reading.
	 * @param earlier an earlier value of {@link #nanoTime()}
	 * @return the elapsed time, never negative
	 */
	default Duration since(long earlier) {
		return Duration.ofNanos(Math.max(0, nanoTime() - earlier));
	}

}
