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
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code reload.validate-command} with the changed files as its last arguments. A non-zero exit, a
 * timeout or a command that cannot be run rejects the change. It gets the child's environment
 * ({@link io.flushmanager.child.ChildEnvironment}): never the service's own settings or token.
 */
class ConfigValidator {

	private static final int TAIL_BYTES = 2048;

	private final List<String> command;

	private final Duration timeout;

	private final Map<String, String> environment;

	ConfigValidator(List<String> command, Duration timeout, Map<String, String> environment) {
		this.command = List.copyOf(command);
		this.timeout = timeout;
		this.environment = Map.copyOf(environment);
	}

	/**
	 * Validate the changed files.
	 * @param paths the changed files
	 * @return the outcome
	 */
	Result validate(List<Path> paths) {
		List<String> argv = new ArrayList<>(this.command);
		paths.forEach((path) -> argv.add(path.toString()));
		Process process;
		try {
			ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD);
			builder.environment().clear();
			builder.environment().putAll(this.environment);
			process = builder.start();
		}
		catch (IOException ex) {
			return new Result(false, null, "cannot run " + this.command.get(0) + ": " + ex.getMessage());
		}
		CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> tail(process.getErrorStream()));
		try {
			if (!process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				return new Result(false, null, "timed out after " + this.timeout.toMillis() + "ms");
			}
			int code = process.exitValue();
			return new Result(code == 0, code, stderr.get(5, TimeUnit.SECONDS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			return new Result(false, null, "interrupted");
		}
		catch (Exception ex) {
			return new Result(process.exitValue() == 0, process.exitValue(), "");
		}
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
	 * @param exitCode the command's exit code, or {@code null} when it did not exit on its own
	 * @param stderrTail the last part of its standard error
	 */
	record Result(boolean accepted, Integer exitCode, String stderrTail) {

	}

}
