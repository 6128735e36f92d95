package io.flushmanager.child;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How the child last ended.
 *
 * @param code exit code, or {@code null} when a signal ended it
 * @param signal the signal, such as {@code SIGTERM}, or {@code null}
 * @param at when
 * @param reason why it was stopped, or {@link RestartReason#CRASH} when it exited on its
 * own
 */
public record ChildExit(@Nullable Integer code, @Nullable String signal, Instant at, RestartReason reason) {

}
