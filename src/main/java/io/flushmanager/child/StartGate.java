package io.flushmanager.child;

import org.jspecify.annotations.Nullable;

/**
 * Asked on the supervisor's thread right before the first start: a reload transaction
 * stages the accepted config there, and with nothing good to stage it says no. The child
 * then does not start (state {@code FATAL} with the reason, readiness DOWN) until a good
 * config change or a manual restart.
 */
@FunctionalInterface
public interface StartGate {

	/** Every start may go ahead. */
	StartGate OPEN = () -> null;

	/**
	 * Prepare the first start, or refuse it.
	 * @return why the child must not start, or {@code null} when it may
	 */
	@Nullable String refusal();

}
