package io.flushmanager.watch;

import org.jspecify.annotations.Nullable;

/**
 * What acting on a confirmed change came to, and why: the one value that goes from the
 * acting side to the history, the logs and the metrics.
 *
 * @param action {@link ChangeAction#RELOADED}, {@link ChangeAction#VALIDATION_FAILED} or
 * {@link ChangeAction#RELOAD_FAILED}
 * @param cause why it failed, in a few words (never config content), or {@code null} on
 * success
 */
public record ChangeOutcome(ChangeAction action, @Nullable String cause) {

	/**
	 * The child took up the change.
	 * @return the outcome
	 */
	public static ChangeOutcome reloaded() {
		return new ChangeOutcome(ChangeAction.RELOADED, null);
	}

	/**
	 * The reload was attempted and failed.
	 * @param cause why, e.g. {@code "webhook answered 503 after 3 attempts"}
	 * @return the outcome
	 */
	public static ChangeOutcome reloadFailed(String cause) {
		return new ChangeOutcome(ChangeAction.RELOAD_FAILED, cause);
	}

	/**
	 * The validate command rejected the change.
	 * @param cause why, e.g. {@code "validate command exited 2"}
	 * @return the outcome
	 */
	public static ChangeOutcome validationFailed(String cause) {
		return new ChangeOutcome(ChangeAction.VALIDATION_FAILED, cause);
	}

	/**
	 * The change failed its verification and the last good config was restored.
	 * @param cause why, e.g.
	 * {@code "verification failed: http://127.0.0.1:9121/health answered 500"}
	 * @return the outcome
	 */
	public static ChangeOutcome rolledBack(String cause) {
		return new ChangeOutcome(ChangeAction.ROLLED_BACK, cause);
	}

	/**
	 * Whether the child took up the change.
	 * @return {@code true} for {@link ChangeAction#RELOADED}
	 */
	public boolean succeeded() {
		return this.action == ChangeAction.RELOADED;
	}

}
