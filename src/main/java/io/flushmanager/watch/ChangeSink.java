package io.flushmanager.watch;

/**
 * Receives changes as soon as a check sees them.
 */
@FunctionalInterface
public interface ChangeSink {

	/**
	 * Called once for each detected change, on the thread that ran the check.
	 * @param change the change
	 */
	void onDetected(DetectedChange change);

}
