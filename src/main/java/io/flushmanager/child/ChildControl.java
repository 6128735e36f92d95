package io.flushmanager.child;

import java.util.concurrent.CompletableFuture;

import io.flushmanager.config.Signal;

/**
 * What the rest of the service may ask of the child supervisor. Every request runs on the
 * supervisor's one thread, in order, so there is never a moment with two children.
 */
public interface ChildControl {

	/**
	 * The current state and history.
	 * @return a snapshot
	 */
	ChildStatus status();

	/**
	 * Stop the child (gracefully, then SIGKILL after {@code stop-timeout}) and start it
	 * again. Leaves {@code FATAL} and {@code BACKOFF} and tries at once. Calls made while
	 * a restart is queued or running share that restart and get the same result.
	 * @param reason {@link RestartReason#MANUAL} or {@link RestartReason#CONFIG_CHANGE}
	 * @return completes once the new child has been spawned (or could not be)
	 */
	CompletableFuture<RestartResult> restart(RestartReason reason);

	/**
	 * Send a signal to the running child's process group.
	 * @param signal the signal
	 * @return completes when sent; fails when no child is running
	 */
	CompletableFuture<Void> signal(Signal signal);

	/**
	 * Hold the restart policy while a reload is verified: an exit nobody asked for is
	 * recorded, but what follows it is left to the holder (who restarts the child on the
	 * last good config). On release, an exit that nobody acted on gets the restart policy
	 * after all.
	 * @param held {@code true} to hold, {@code false} to release
	 */
	default void holdExitPolicy(boolean held) {
	}

	/**
	 * Whether the supervisor itself works (its thread is alive). A crashed child does not
	 * make this {@code false}.
	 * @return {@code true} while the supervisor can do its job
	 */
	boolean healthy();

	/**
	 * Whether there is a child at all; without {@code flush-manager.child.command} the
	 * service only collects (HELP.md, "Collection mode") and the child's health, metrics
	 * and restart do not apply.
	 * @return {@code true} when a child is configured
	 */
	default boolean configured() {
		return true;
	}

}
