package io.flushmanager.watch;

/**
 * What became of one detected change.
 */
public enum ChangeAction {

	/** Detected, waiting for the debounce period or for the reload to finish. */
	PENDING,
	/** The child was reloaded with this change. */
	RELOADED,
	/**
	 * Only metadata changed (same SHA-256) with {@code compare=content}: nothing to do.
	 */
	UNCHANGED_CONTENT,
	/** The validate command rejected the new config; the running child was left alone. */
	VALIDATION_FAILED,
	/** The reload was attempted and failed. */
	RELOAD_FAILED,
	/**
	 * The reload failed its verification; the last good staged config was restored and
	 * the child runs it again (a reload transaction, {@code reload.stage-dir}).
	 */
	ROLLED_BACK,
	/** A later change of the same file superseded this one before it was acted on. */
	COALESCED,
	/**
	 * The file is missing or unreadable: the running child keeps its config until it is
	 * back.
	 */
	UNAVAILABLE,
	/** Recorded only: the state at start. */
	RECORDED

}
