package io.flushmanager.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.flushmanager.time.Ticker;

/** A {@link Ticker} that moves only when a test advances it. */
public final class ManualTicker implements Ticker {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	/**
	 * Move time forward.
	 * @param duration how far
	 * @return this ticker
	 */
	public ManualTicker advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
		return this;
	}

}
