package io.flushmanager.child;

/**
 * States of the supervised child (HELP.md, "The child and restarts").
 */
public enum ChildState {

	/** Spawned, not yet up for {@code start-grace}. */
	STARTING,
	/** Up for at least {@code start-grace}. */
	RUNNING,
	/** Stop signal sent, waiting for the exit. */
	STOPPING,
	/** Not running and not going to be started on its own. */
	STOPPED,
	/** Waiting out a restart delay after an exit. */
	BACKOFF,
	/** The command cannot be run at all. */
	FATAL

}
