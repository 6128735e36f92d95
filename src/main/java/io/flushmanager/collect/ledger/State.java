package io.flushmanager.collect.ledger;

/**
 * Where a collected file is (HELP.md, "Collection mode"). Each transition is durable
 * before the next step starts.
 */
public enum State {

	/** Seen, waiting for its size and mtime to stay unchanged for the settle time. */
	DISCOVERED,
	/** Complete: hashed, key rendered; waiting for (or in) its upload. */
	SETTLED,
	/**
	 * Stored under its key and verified; the command and the webhook may still be due.
	 */
	STORED,
	/** The command and the webhook ran; {@code after-upload} may still be due. */
	HANDED_OFF,
	/** Nothing left to do. */
	DONE,
	/** Out of attempts; kept, visible and retryable. */
	FAILED;

	/**
	 * Whether work remains.
	 * @return {@code true} unless DONE or FAILED
	 */
	public boolean pending() {
		return this != DONE && this != FAILED;
	}

}
