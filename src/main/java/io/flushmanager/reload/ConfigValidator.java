package io.flushmanager.reload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.flushmanager.child.IgnoredSignals;

/**
 * Runs {@code reload.validate-command} with the changed files as its last arguments. A
 * non-zero exit, a timeout or a command that cannot be run rejects the change, with a
 * cause that says which. It gets the child's environment
 * ({@link io.flushmanager.child.ChildEnvironment}): never the service's own settings or
 * token, and default signal dispositions ({@link IgnoredSignals}).
 * <p>
 * Standard error is read on threads of its own, a few at most: a validator that leaves a
 * descendant holding its stderr open blocks a reader until that descendant exits, and
 * must not hold up anyone else's pool. Nothing is logged here; the coordinator logs each
 * outcome once.
 */
public class ConfigValidator implements AutoCloseable {

	private static final int TAIL_BYTES = 2048;

	private static final int MAX_READERS = 2;

	private static final Duration STDERR_GRACE = Duration.ofSeconds(5);

	private final List<String> command;

	private final Duration timeout;

	private final Map<String, String> environment;

	private final ThreadPoolExecutor stderrReaders;

	public ConfigValidator(List<String> command, Duration timeout, Map<String, String> environment) {
		this.command = List.copyOf(command);
		this.timeout = timeout;
		this.environment = Map.copyOf(environment);
		CustomizableThreadFactory threads = new CustomizableThreadFactory("fm-validate-stderr-");
		threads.setDaemon(true);
		// No queue: a reader is started at once or not at all (the tail is then simply
		// unknown).
		this.stderrReaders = new ThreadPoolExecutor(0, MAX_READERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				threads);
	}

	@Override
	public void close() {
		this.stderrReaders.shutdownNow();
	}

	/**
	 * Validate the changed files.
	 * @param paths the changed files
	 * @return the outcome
	 */
	public Result validate(List<Path> paths) {
		List<String> argv = new ArrayList<>(this.command);
		paths.forEach((path) -> argv.add(path.toString()));
		Process process;
		try {
			ProcessBuilder builder = new ProcessBuilder(IgnoredSignals.wrap(argv))
				.redirectOutput(ProcessBuilder.Redirect.DISCARD);
			builder.environment().clear();
			builder.environment().putAll(this.environment);
			process = builder.start();
		}
		catch (IOException | RuntimeException ex) {
			String cause = "validate command could not be started: " + ex.getMessage();
			return new Result(false, null, cause, cause);
		}
		Future<String> stderr = readTail(process);
		try {
			if (!process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				kill(process);
				String cause = "validate command timed out after " + this.timeout.toMillis() + "ms";
				return new Result(false, null, "timed out after " + this.timeout.toMillis() + "ms", cause);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			kill(process);
			return new Result(false, null, "interrupted", "validation interrupted");
		}
		int code = process.exitValue();
		String tail = tail(stderr);
		return new Result(code == 0, code, tail, (code == 0) ? null : "validate command exited " + code);
	}

	private Future<String> readTail(Process process) {
		try {
			return this.stderrReaders.submit(() -> tail(process.getErrorStream()));
		}
		catch (RejectedExecutionException ex) {
			// Readers busy (descendants of earlier validators still hold their stderr) or
			// shut down: the tail
			// stays unknown and the exit code decides. The pipe is left open, not closed:
			// a validator that
			// writes a little must not die of SIGPIPE, and one that writes a lot runs
			// into the timeout.
			return CompletableFuture.completedFuture("");
		}
	}

	private static String tail(Future<String> stderr) {
		try {
			return stderr.get(STDERR_GRACE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
		catch (ExecutionException | TimeoutException ex) {
			// A descendant still holds stderr open, or reading failed: the exit code
			// decides, the tail is unknown.
			stderr.cancel(true);
			return "";
		}
	}

	private static void kill(Process process) {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly();
	}

	private static String tail(InputStream in) {
		byte[] ring = new byte[TAIL_BYTES];
		long total = 0;
		byte[] buffer = new byte[8192];
		try (in) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				for (int i = 0; i < read; i++) {
					ring[(int) (total++ % TAIL_BYTES)] = buffer[i];
				}
			}
		}
		catch (IOException ex) {
			// The tail is best effort: the exit code decides.
		}
		int length = (int) Math.min(total, TAIL_BYTES);
		byte[] out = new byte[length];
		for (int i = 0; i < length; i++) {
			out[i] = ring[(int) ((total - length + i) % TAIL_BYTES)];
		}
		return new String(out, StandardCharsets.UTF_8).strip();
	}

	/**
	 * The outcome of one validation.
	 *
	 * @param accepted whether the change may be applied
	 * @param exitCode the command's exit code, or {@code null} when it did not exit on
	 * its own
	 * @param stderrTail the last part of its standard error (or what went wrong, when it
	 * did not run)
	 * @param cause why the change was rejected, or {@code null} when accepted
	 */
	public record Result(boolean accepted, @Nullable Integer exitCode, String stderrTail, @Nullable String cause) {

	}

}
