package io.flushmanager.child;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.config.ChildProperties;
import io.flushmanager.config.CommandResolver;

/**
 * Builds and spawns the child's command. Where util-linux {@code setsid} and
 * {@code setpriv} exist, the child runs as
 * {@code setsid setpriv --pdeathsig KILL -- <command> <args>}: its own session and
 * process group, and SIGKILL when the thread that spawned it ends (so only the
 * supervisor's long-lived thread may call {@link #spawn}). Both programs exec in place
 * ({@code setsid} forks only when its caller leads a process group, which a freshly
 * spawned process never does), so the PID Java sees is the child's own. Without them the
 * child is spawned directly and shares the service's process group. Finding them runs
 * {@code setpriv --help}, so it is done on first use, not when the launcher is built.
 * When the service was started with signals ignored, {@code env --default-signal} goes
 * first ({@link IgnoredSignals}), so the child does not inherit them.
 */
final class ChildLauncher {

	private static final Log logger = LogFactory.getLog(ChildLauncher.class);

	private static final File DEV_NULL = new File("/dev/null");

	private final ChildProperties properties;

	private final ChildEnvironment environment;

	private @Nullable List<String> wrapper;

	/**
	 * A launcher with an explicit wrapper.
	 * @param properties the child's settings
	 * @param wrapper the programs put before the command (such as {@code setsid}), empty
	 * to spawn it directly, or {@code null} to look for {@code setsid} and
	 * {@code setpriv} on first use
	 */
	ChildLauncher(ChildProperties properties, @Nullable List<String> wrapper) {
		this.properties = properties;
		this.environment = ChildEnvironment.of(properties);
		this.wrapper = (wrapper != null) ? List.copyOf(wrapper) : null;
	}

	/**
	 * A launcher that isolates the child when {@code setsid} and a {@code setpriv} with
	 * {@code --pdeathsig} are on {@code PATH}, which it looks for on first use.
	 * @param properties the child's settings
	 * @return the launcher
	 */
	static ChildLauncher detect(ChildProperties properties) {
		return new ChildLauncher(properties, null);
	}

	private synchronized List<String> wrapper() {
		if (this.wrapper == null) {
			this.wrapper = findWrapper();
		}
		return this.wrapper;
	}

	private static List<String> findWrapper() {
		Optional<Path> setsid = CommandResolver.resolve("setsid");
		Optional<Path> setpriv = CommandResolver.resolve("setpriv").filter(ChildLauncher::supportsPdeathsig);
		if (setsid.isPresent() && setpriv.isPresent()) {
			logger.info("The child runs in its own session and process group, with a parent-death signal ("
					+ setsid.get() + ", " + setpriv.get() + " --pdeathsig KILL)");
			return List.of(setsid.get().toString(), setpriv.get().toString(), "--pdeathsig", "KILL", "--");
		}
		logger.warn("util-linux setsid and setpriv (with --pdeathsig) are not both on PATH: the child shares the "
				+ "service's process group, only it and its recorded descendants get signals, and it may outlive "
				+ "a JVM that is killed outright");
		return List.of();
	}

	/**
	 * Whether the child gets its own process group (whose ID is its PID).
	 * @return {@code true} when spawned through {@code setsid}
	 */
	boolean ownsProcessGroup() {
		return !wrapper().isEmpty();
	}

	/**
	 * Find the command to run, checked the way {@code execve} would check it: resolved on
	 * {@code PATH}, executable, and with an existing interpreter when it is a script.
	 * Checked here because behind the wrapper such failures would only show up as an exit
	 * code.
	 * @return the absolute path of the executable
	 * @throws IOException when it cannot be run
	 */
	Path resolve() throws IOException {
		String command = this.properties.command();
		Path path = CommandResolver.resolve(command)
			.orElseThrow(() -> new IOException("Cannot run program \"" + command
					+ "\": no such file, not an executable file, or not found on PATH"));
		String interpreter = interpreter(path);
		if (interpreter != null && !Files.isExecutable(Path.of(interpreter))) {
			throw new IOException("Cannot run program \"" + path + "\": bad interpreter " + interpreter
					+ " (no such executable file)");
		}
		return path;
	}

	/**
	 * Spawn the command with its arguments, environment and working directory. Call from
	 * the supervisor thread only: the parent-death signal fires when the calling thread
	 * ends.
	 * @param command the resolved executable
	 * @return the started process
	 * @throws IOException when it cannot be spawned
	 */
	Process spawn(Path command) throws IOException {
		List<String> line = new ArrayList<>(IgnoredSignals.prefix());
		line.addAll(wrapper());
		line.add(command.toString());
		line.addAll(this.properties.args());
		ProcessBuilder builder = new ProcessBuilder(line).redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
		if (this.properties.workingDir() != null) {
			builder.directory(this.properties.workingDir().toFile());
		}
		this.environment.applyTo(builder);
		if (!this.properties.env().isEmpty() && logger.isDebugEnabled()) {
			// Keys only: values may be secrets.
			logger.debug(
					"Extra environment variables of the child: " + String.join(", ", this.properties.env().keySet()));
		}
		return builder.start();
	}

	/**
	 * Whether an early exit was the wrapper failing to exec the command (which plain
	 * spawning reports as an {@link IOException}): exit code 126 or 127 and the wrapper's
	 * own message on stderr.
	 * @param exitCode the exit code
	 * @param firstErrorLine the first stderr line, or {@code null}
	 * @return the wrapper's message, or {@code null} if the command did run
	 */
	@Nullable String execFailure(int exitCode, @Nullable String firstErrorLine) {
		boolean wrapped = !wrapper().isEmpty() || !IgnoredSignals.prefix().isEmpty();
		if (!wrapped || (exitCode != 126 && exitCode != 127) || firstErrorLine == null) {
			return null;
		}
		boolean wrapperMessage = firstErrorLine.startsWith("setsid: failed to execute")
				|| firstErrorLine.startsWith("setpriv: failed to execute")
				|| (wrapper().isEmpty() && firstErrorLine.startsWith("env: "));
		return wrapperMessage ? firstErrorLine : null;
	}

	/** The absolute interpreter path of a {@code #!} script, or {@code null}. */
	private static @Nullable String interpreter(Path path) {
		byte[] head = new byte[256];
		int read;
		try (InputStream in = Files.newInputStream(path)) {
			read = in.readNBytes(head, 0, head.length);
		}
		catch (IOException ex) {
			// execve will say what is wrong.
			return null;
		}
		if (read < 3 || head[0] != '#' || head[1] != '!') {
			return null;
		}
		String first = new String(head, 2, read - 2, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
		String interpreter = first.split("[ \t]", 2)[0];
		return interpreter.startsWith("/") ? interpreter : null;
	}

	private static boolean supportsPdeathsig(Path setpriv) {
		try {
			Process process = new ProcessBuilder(setpriv.toString(), "--help").redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
				.start();
			String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return process.waitFor(5, TimeUnit.SECONDS) && help.contains("--pdeathsig");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
