package io.flushmanager.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The changes of one burst and when the burst may be acted on: after a quiet period with
 * no new change, and not before the listener is ready again. Pure bookkeeping on
 * {@link io.flushmanager.time.Ticker} readings handed in by the caller, which owns the
 * threads and the lock.
 */
final class Burst {

	private final long quietNanos;

	private final List<DetectedChange> pending = new ArrayList<>();

	private long lastDetectedNanos;

	Burst(Duration quiet) {
		this.quietNanos = quiet.toNanos();
	}

	/**
	 * Add a change, which starts the quiet period over.
	 * @param change the change
	 * @param nowNanos the ticker's reading now
	 */
	void add(DetectedChange change, long nowNanos) {
		this.pending.add(change);
		this.lastDetectedNanos = nowNanos;
	}

	/**
	 * How long to wait before the burst may be released.
	 * @param nowNanos the ticker's reading now
	 * @param listenerDelay how long the listener wants to be left alone; asked only once
	 * the burst is quiet
	 * @return nanoseconds, zero or less when it may be released now
	 */
	long waitNanos(long nowNanos, Supplier<Duration> listenerDelay) {
		long quietFor = nowNanos - this.lastDetectedNanos;
		if (quietFor < this.quietNanos) {
			return this.quietNanos - quietFor;
		}
		return listenerDelay.get().toNanos();
	}

	/**
	 * Take every change of the burst, leaving it empty.
	 * @return the changes, in detection order
	 */
	List<DetectedChange> drain() {
		List<DetectedChange> changes = List.copyOf(this.pending);
		this.pending.clear();
		return changes;
	}

}
