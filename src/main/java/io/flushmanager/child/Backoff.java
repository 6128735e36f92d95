package io.flushmanager.child;

import java.time.Duration;

import io.flushmanager.config.BackoffProperties;

/**
 * Exponential delays between restarts after exits: {@code initial}, then times
 * {@code multiplier} per consecutive exit up to {@code max}, back to {@code initial} once
 * a child ran {@code reset-after}. Used by the supervisor thread only.
 */
final class Backoff {

	private final BackoffProperties settings;

	private Duration next;

	Backoff(BackoffProperties settings) {
		this.settings = settings;
		this.next = capped(settings.initial());
	}

	/**
	 * The delay before the next start, given how long the child that just exited ran.
	 * @param ranFor run time of the child that exited
	 * @return the delay to wait
	 */
	Duration next(Duration ranFor) {
		if (ranFor.compareTo(this.settings.resetAfter()) >= 0) {
			reset();
		}
		Duration delay = this.next;
		double grown = delay.toNanos() * this.settings.multiplier();
		// Compared as doubles first: a long overflows after ~292 years, a double does
		// not.
		this.next = (grown >= this.settings.max().toNanos()) ? this.settings.max() : Duration.ofNanos((long) grown);
		return delay;
	}

	/**
	 * Back to the initial delay (a new situation: an operator or a config change
	 * restarted the child).
	 */
	void reset() {
		this.next = capped(this.settings.initial());
	}

	private Duration capped(Duration initial) {
		return (initial.compareTo(this.settings.max()) > 0) ? this.settings.max() : initial;
	}

}
