package io.flushmanager.watch;

/**
 * What made the watcher look at a file.
 */
public enum ChangeSource {

	/** The initial state taken at start. */
	STARTUP,
	/** A native filesystem event. */
	EVENT,
	/** The polling fallback. */
	POLL

}
