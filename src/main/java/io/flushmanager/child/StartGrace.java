package io.flushmanager.child;

import java.time.Duration;

/**
 * {@code start-grace}: a child that runs that long is up ({@code RUNNING}); one that
 * exits sooner failed to start.
 *
 * @param grace the grace period, zero for none
 */
record StartGrace(Duration grace) {

	/** Whether a new child counts as up at once. */
	boolean none() {
		return this.grace.isZero();
	}

	/**
	 * Whether an exit after {@code ranFor} was a failed start.
	 * @param ranFor how long the child ran
	 * @return {@code true} if it exited before the grace ended
	 */
	boolean failedStart(Duration ranFor) {
		return ranFor.compareTo(this.grace) < 0;
	}

}
