package io.flushmanager.child;

/**
 * Timings of the supervisor's own work, for measurements ({@code SupervisorBenchmark});
 * called on the supervisor thread, so implementations must be quick.
 */
interface SupervisorProbe {

	/** Records nothing. */
	SupervisorProbe NONE = new SupervisorProbe() {
	};

	/**
	 * A child was spawned.
	 * @param nanos the ticker's time right after the spawn returned
	 */
	default void spawned(long nanos) {
	}

	/**
	 * A requested stop completed.
	 * @param result how it went
	 */
	default void stopped(StopResult result) {
	}

}
