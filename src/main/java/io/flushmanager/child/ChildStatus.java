package io.flushmanager.child;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A consistent view of the supervisor at one moment (the body of {@code GET /api/child}).
 *
 * @param state current state
 * @param pid PID of the running child, or {@code null}
 * @param command the resolved command
 * @param args its arguments
 * @param startedAt when the current child was spawned, or {@code null}
 * @param uptime how long it has run, or {@code null}
 * @param restartCount starts after the first one
 * @param lastExit how the previous child ended, or {@code null}
 * @param history recent events, newest first
 */
public record ChildStatus(ChildState state, @Nullable Long pid, String command, List<String> args,
		@Nullable Instant startedAt, @Nullable Duration uptime, long restartCount, @Nullable ChildExit lastExit,
		List<ChildEvent> history) {

}
