package io.flushmanager.child;

/**
 * Why the child was started or stopped.
 */
public enum RestartReason {

	/** The service started. */
	STARTUP,
	/** A confirmed config change. */
	CONFIG_CHANGE,
	/** An operator asked (REST or actuator). */
	MANUAL,
	/** The child exited on its own. */
	CRASH,
	/** The service is shutting down. */
	SHUTDOWN

}
