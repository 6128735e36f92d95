package io.flushmanager.reload;

import java.time.Duration;

import io.flushmanager.time.Ticker;

/**
 * {@code reload.min-interval}: how long the next reload must still wait after the last
 * one. Pure arithmetic on a {@link Ticker}, so it is tested by moving a manual one.
 */
final class MinInterval {

	private final Duration interval;

	private final Ticker ticker;

	private volatile boolean reloaded;

	private volatile long lastReloadNanos;

	MinInterval(Duration interval, Ticker ticker) {
		this.interval = interval;
		this.ticker = ticker;
	}

	/**
	 * A reload has just been attempted (whatever came of it).
	 */
	void reloaded() {
		this.lastReloadNanos = this.ticker.nanoTime();
		this.reloaded = true;
	}

	/**
	 * How long the next reload must still wait.
	 * @return zero when it may go ahead now
	 */
	Duration remaining() {
		if (!this.reloaded || this.interval.isZero()) {
			return Duration.ZERO;
		}
		Duration left = this.interval.minus(this.ticker.since(this.lastReloadNanos));
		return left.isNegative() ? Duration.ZERO : left;
	}

}
