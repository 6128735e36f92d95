package io.flushmanager.child;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Restart sharing: callers that ask while a restart is queued or stopping the old child
 * share it and get the same result; once the new child may read its config, later callers
 * need one of their own.
 */
final class SharedRestart {

	private final CommandLoop loop;

	/** Guarded by the loop's lock. */
	private @Nullable Pending pending;

	/** The restart the loop is running; owned by the loop's thread. */
	private @Nullable Pending inFlight;

	SharedRestart(CommandLoop loop) {
		this.loop = loop;
	}

	/**
	 * Join the queued restart, or queue one.
	 * @param reason why
	 * @param work the loop's action for a new restart
	 * @return a copy of the shared future, so that a caller that cancels it does not
	 * affect the others
	 */
	CompletableFuture<RestartResult> request(RestartReason reason, Function<Pending, CommandLoop.Action> work) {
		synchronized (this.loop.lock()) {
			Pending pending = this.pending;
			if (pending != null) {
				pending.join(reason);
				return pending.future.copy();
			}
			Pending created = new Pending(reason);
			if (this.loop.submit(work.apply(created), created.future)) {
				this.pending = created;
			}
			return created.future.copy();
		}
	}

	/**
	 * The loop begins a restart.
	 * @param pending the restart
	 */
	void begin(Pending pending) {
		this.inFlight = pending;
	}

	/**
	 * The restart is done.
	 * @param pending the restart
	 * @param result its result for every caller
	 */
	void complete(Pending pending, RestartResult result) {
		this.inFlight = null;
		pending.future.complete(result);
	}

	/**
	 * The restart is about to spawn: from here on callers get a restart of their own.
	 * @param pending the restart
	 * @return its final reason
	 */
	RestartReason claim(Pending pending) {
		synchronized (this.loop.lock()) {
			if (this.pending == pending) {
				this.pending = null;
			}
			return pending.reason();
		}
	}

	/**
	 * The loop has closed (its queued work failed already): nothing is shared any more,
	 * and the restart it was running fails too.
	 * @param why the failure
	 */
	void close(IllegalStateException why) {
		synchronized (this.loop.lock()) {
			this.pending = null;
		}
		Pending inFlight = this.inFlight;
		if (inFlight != null) {
			inFlight.future.completeExceptionally(why);
		}
	}

	/**
	 * The one restart that callers share while it is queued or stopping the old child.
	 */
	static final class Pending {

		final CompletableFuture<RestartResult> future = new CompletableFuture<>();

		private RestartReason reason;

		Pending(RestartReason reason) {
			this.reason = reason;
		}

		/**
		 * A config change among the callers makes it a config-change restart (its log
		 * lines matter).
		 */
		synchronized void join(RestartReason reason) {
			if (reason == RestartReason.CONFIG_CHANGE) {
				this.reason = reason;
			}
		}

		synchronized RestartReason reason() {
			return this.reason;
		}

	}

}
