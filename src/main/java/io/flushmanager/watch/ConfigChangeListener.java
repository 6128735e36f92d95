package io.flushmanager.watch;

import java.time.Duration;

/**
 * The one seam between watching and acting: receives confirmed changes, one call at a
 * time, and answers what became of each. That answer is the only way an outcome reaches
 * the history.
 */
public interface ConfigChangeListener {

	/**
	 * Act on a confirmed change. Called on the watcher's confirmation thread and never
	 * concurrently; a change seen while this runs is confirmed after it returns. A
	 * failure is an outcome, not an exception.
	 * @param change the change
	 * @return what became of it, and why
	 */
	ChangeOutcome onConfirmedChange(ConfirmedChange change);

	/**
	 * How long from now the next call must wait at least (a minimum interval between
	 * reloads).
	 * @return a delay, zero when the listener is ready
	 */
	default Duration delayBeforeNext() {
		return Duration.ZERO;
	}

}
