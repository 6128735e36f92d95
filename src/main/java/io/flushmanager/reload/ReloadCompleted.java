package io.flushmanager.reload;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.flushmanager.config.ReloadProperties.ReloadStrategy;
import io.flushmanager.watch.ChangeAction;

/**
 * Published as a Spring application event after each config-driven reload decision.
 *
 * @param at when it finished
 * @param strategy the reload strategy in force
 * @param result {@link ChangeAction#RELOADED}, {@link ChangeAction#VALIDATION_FAILED} or
 * {@link ChangeAction#RELOAD_FAILED}
 * @param duration from the confirmed change to the child running again (or to the
 * failure)
 * @param paths the changed files
 * @param cause why it failed (e.g. {@code "validate command exited 2"}), or {@code null}
 * on success
 */
public record ReloadCompleted(Instant at, ReloadStrategy strategy, ChangeAction result, Duration duration,
		List<Path> paths, @Nullable String cause) {

	/**
	 * An event with no cause.
	 * @param at when it finished
	 * @param strategy the reload strategy in force
	 * @param result what came of it
	 * @param duration how long it took
	 * @param paths the changed files
	 */
	public ReloadCompleted(Instant at, ReloadStrategy strategy, ChangeAction result, Duration duration,
			List<Path> paths) {
		this(at, strategy, result, duration, paths, null);
	}

}
