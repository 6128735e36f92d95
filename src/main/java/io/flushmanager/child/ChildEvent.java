package io.flushmanager.child;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One start, stop or exit of the child, kept in the supervisor's bounded history and
 * published as a Spring application event.
 *
 * @param at when it happened
 * @param type what happened
 * @param reason why
 * @param pid the child's PID, or {@code null} when it never ran
 * @param exitCode exit code, or {@code null} (not an exit, or killed by a signal)
 * @param signal signal that ended it, such as {@code SIGKILL}, or {@code null}
 * @param ranFor how long it ran, or {@code null}
 * @param detail a short human-readable note, or {@code null}
 */
public record ChildEvent(Instant at, Type type, RestartReason reason, @Nullable Long pid, @Nullable Integer exitCode,
		@Nullable String signal, @Nullable Duration ranFor, @Nullable String detail) {

	/** Kinds of events. */
	public enum Type {

		/** A child process was spawned. */
		STARTED,
		/** The child could not be spawned. */
		START_FAILED,
		/** A stop asked for by the supervisor completed. */
		STOPPED,
		/** The child exited on its own. */
		EXITED

	}

}
