package io.flushmanager.child;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one restart (the body of {@code POST /api/child/restart}).
 *
 * @param previousPid PID of the child that was stopped, or {@code null} if none was
 * running
 * @param pid PID of the new child, or {@code null} if it could not be started
 * @param state the state right after the restart
 */
public record RestartResult(@Nullable Long previousPid, @Nullable Long pid, ChildState state) {

}
