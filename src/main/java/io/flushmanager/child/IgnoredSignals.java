package io.flushmanager.child;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.flushmanager.config.CommandResolver;

/**
 * Signals the JVM was started with ignored ({@code nohup}, or a background job of a
 * non-interactive shell, which ignores INT and QUIT), which every process it spawns would
 * inherit across {@code exec}: a child that ignores HUP never sees a {@code signal}
 * reload, one that ignores its stop signal only dies by SIGKILL. When any is ignored, the
 * programs the service runs go through {@code env --default-signal} (GNU coreutils 8.31
 * and later), so they start with every signal at its default as a freshly started program
 * expects. Read once per JVM: dispositions ignored at start stay so (HotSpot installs no
 * handler over them). Nothing is read or run beyond {@code /proc/self/status} when
 * nothing is ignored, the usual case in a pod.
 */
public final class IgnoredSignals {

	private static final Log logger = LogFactory.getLog(IgnoredSignals.class);

	private static final String[] NAMES = { "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
			"SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
			"XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS" };

	private static final List<String> PREFIX = prefix(ignoredAtStart());

	private IgnoredSignals() {
	}

	/**
	 * The programs to put before a command so that it starts with default signal
	 * dispositions: {@code env --default-signal} when the JVM ignores any signal and
	 * {@code env} has the option, otherwise nothing.
	 * @return the prefix, often empty
	 */
	public static List<String> prefix() {
		return PREFIX;
	}

	/**
	 * A command line with {@link #prefix()} in front, when its program resolves (an
	 * unknown program is left to fail as {@link ProcessBuilder#start()} reports it, not
	 * as an exit code of {@code env}).
	 * @param argv the command and its arguments
	 * @return the command line to spawn
	 */
	public static List<String> wrap(List<String> argv) {
		return wrap(PREFIX, argv);
	}

	static List<String> wrap(List<String> prefix, List<String> argv) {
		if (prefix.isEmpty() || argv.isEmpty()) {
			return argv;
		}
		// Resolved here, on the service's PATH as ProcessBuilder would: env looks it up
		// on the command's own environment, which may have another PATH or none.
		Optional<Path> program = CommandResolver.resolve(argv.get(0));
		if (program.isEmpty()) {
			return argv;
		}
		List<String> line = new ArrayList<>(prefix);
		line.add(program.get().toString());
		line.addAll(argv.subList(1, argv.size()));
		return line;
	}

	/**
	 * The signals set in a {@code SigIgn} mask of {@code /proc/<pid>/status}.
	 * @param status the file's content
	 * @return the names of the standard ones ({@code HUP}), in signal order, empty when
	 * none or no mask. Real-time signals are left out: 32 and 33 are glibc's own, shown
	 * ignored in every process a JVM spawns (a service started by another JVM too), and
	 * {@code env} cannot reset them.
	 */
	static List<String> parse(String status) {
		String mask = status.lines()
			.filter((line) -> line.startsWith("SigIgn:"))
			.map((line) -> line.substring("SigIgn:".length()).strip())
			.findFirst()
			.orElse("");
		List<String> names = new ArrayList<>();
		if (mask.isEmpty()) {
			return names;
		}
		long bits;
		try {
			bits = Long.parseUnsignedLong(mask, 16);
		}
		catch (NumberFormatException ex) {
			return names;
		}
		for (int signal = 1; signal <= NAMES.length; signal++) {
			if ((bits & (1L << (signal - 1))) != 0) {
				names.add(NAMES[signal - 1]);
			}
		}
		return names;
	}

	private static List<String> ignoredAtStart() {
		try {
			return parse(Files.readString(Path.of("/proc/self/status"), StandardCharsets.UTF_8));
		}
		catch (IOException | RuntimeException ex) {
			// No /proc: nothing known to undo.
			return List.of();
		}
	}

	private static List<String> prefix(List<String> ignored) {
		if (ignored.isEmpty()) {
			return List.of();
		}
		String names = String.join(", ", ignored);
		Optional<Path> env = CommandResolver.resolve("env").filter(IgnoredSignals::supportsDefaultSignal);
		if (env.isPresent()) {
			logger.info("The service was started with signals ignored (" + names + "): the programs it runs get them "
					+ "back at their default (" + env.get() + " --default-signal)");
			return List.of(env.get().toString(), "--default-signal");
		}
		logger.warn("The service was started with signals ignored (" + names + ") and no env with --default-signal "
				+ "(GNU coreutils 8.31 or later) is on PATH: the child inherits them ignored, so a reload.signal or "
				+ "child.stop-signal among them does not reach it (a stop then ends in SIGKILL). Start the service "
				+ "without nohup, or in the foreground of its shell.");
		return List.of();
	}

	private static boolean supportsDefaultSignal(Path env) {
		try {
			Process process = new ProcessBuilder(env.toString(), "--default-signal", "true").redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return false;
			}
			return process.exitValue() == 0;
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
