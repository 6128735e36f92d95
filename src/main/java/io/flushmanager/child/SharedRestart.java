package io.flushmanager.child;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Restart sharing: callers that ask while a restart is queued or stopping the old child share it and
 * get the same result; once the new child may read its config, later callers need one of their own.
 */
final class SharedRestart {

	private final CommandLoop loop;

	/** Guarded by the loop's lock, so that it is cleared with the queue's closing. */
	private @Nullable Pending pending;

	SharedRestart(CommandLoop loop) {
		this.loop = loop;
	}

	/**
	 * Join the queued restart, or queue one.
	 * @param reason why
	 * @param work the loop's action for a new restart
	 * @return a copy of the shared future, so that a caller that cancels it does not affect the others
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

	/** The loop has closed: nothing queued is shared any more. */
	void clear() {
		synchronized (this.loop.lock()) {
			this.pending = null;
		}
	}

	/** The one restart that callers share while it is queued or stopping the old child. */
	static final class Pending {

		final CompletableFuture<RestartResult> future = new CompletableFuture<>();

		private RestartReason reason;

		Pending(RestartReason reason) {
			this.reason = reason;
		}

		/** A config change among the callers makes it a config-change restart (its log lines matter). */
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
