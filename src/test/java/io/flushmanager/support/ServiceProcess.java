package io.flushmanager.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.flushmanager.FlushManagerApplication;

import static org.awaitility.Awaitility.await;

/**
 * The service as its own JVM, started from the test classpath, for what must happen to a
 * real process: a signal, {@code kill -9}, an exit code. Its output goes to a file, or
 * nowhere.
 */
public final class ServiceProcess implements AutoCloseable {

	private static Path defaultWatchedFile;

	private final Process process;

	private final Path log;

	private final HttpApi api;

	private ServiceProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.api = new HttpApi(port);
	}

	/**
	 * Start the service on a JVM tuned to start fast (C1 only).
	 * @param log where its output goes, or {@code null} to discard it
	 * @param args arguments as on the command line
	 * @return the process
	 * @throws IOException when it cannot be started
	 */
	public static ServiceProcess start(Path log, List<String> args) throws IOException {
		return start(log, List.of("-XX:TieredStopAtLevel=1"), args);
	}

	/**
	 * Start the service.
	 * @param log where its output goes, or {@code null} to discard it
	 * @param jvmOptions options of the JVM
	 * @param args arguments as on the command line
	 * @return the process
	 * @throws IOException when it cannot be started
	 */
	public static ServiceProcess start(Path log, List<String> jvmOptions, List<String> args) throws IOException {
		return start(log, jvmOptions, args, Map.of());
	}

	/**
	 * Start the service with more environment variables than this JVM's.
	 * @param log where its output goes, or {@code null} to discard it
	 * @param jvmOptions options of the JVM
	 * @param args arguments as on the command line
	 * @param env variables added to this JVM's environment
	 * @return the process
	 * @throws IOException when it cannot be started
	 */
	public static ServiceProcess start(Path log, List<String> jvmOptions, List<String> args, Map<String, String> env)
			throws IOException {
		return start(List.of(), log, jvmOptions, args, env);
	}

	/**
	 * Start the service with signals ignored, as {@code nohup} (HUP) or a background job
	 * of a non-interactive shell (INT, QUIT) start it: a shell ignores them and execs the
	 * JVM, and ignored dispositions survive {@code exec}.
	 * @param log where its output goes, or {@code null} to discard it
	 * @param ignored signal names for {@code trap '' ...}, such as {@code HUP INT}
	 * @param args arguments as on the command line
	 * @return the process
	 * @throws IOException when it cannot be started
	 */
	public static ServiceProcess startIgnoring(Path log, String ignored, List<String> args) throws IOException {
		return start(List.of("/bin/sh", "-c", "trap '' " + ignored + "; exec \"$@\"", "sh"), log,
				List.of("-XX:TieredStopAtLevel=1"), args, Map.of());
	}

	private static ServiceProcess start(List<String> launcher, Path log, List<String> jvmOptions, List<String> args,
			Map<String, String> env) throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>(launcher);
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath(),
				"-Xshare:auto"));
		command.addAll(jvmOptions);
		command.addAll(List.of(FlushManagerApplication.class.getName(), "--server.port=" + port));
		if (!namesWhatToWatch(args, env)) {
			command.add("--flush-manager.watch.files=" + defaultWatchedFile());
		}
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		builder.environment().putAll(env);
		builder
			.redirectOutput((log != null) ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.DISCARD);
		return new ServiceProcess(builder.start(), log, port);
	}

	/**
	 * Run the service to its end, for a start that must fail.
	 * @param args arguments as on the command line
	 * @return the exit code and the output
	 * @throws IOException when it cannot be started
	 * @throws InterruptedException when interrupted
	 */
	public static Ended run(List<String> args) throws IOException, InterruptedException {
		return run(List.of(), args);
	}

	/**
	 * Run the service to its end, with extra JVM options.
	 * @param jvmOptions options of the JVM
	 * @param args arguments as on the command line
	 * @return the exit code and the output
	 * @throws IOException when it cannot be started
	 * @throws InterruptedException when interrupted
	 */
	public static Ended run(List<String> jvmOptions, List<String> args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath(),
						"-XX:TieredStopAtLevel=1", "-Xshare:auto"));
		command.addAll(jvmOptions);
		command.add(FlushManagerApplication.class.getName());
		command.addAll(args);
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("The service did not end:\n" + output);
		}
		return new Ended(process.exitValue(), output);
	}

	/**
	 * How a run ended.
	 *
	 * @param exitCode the JVM's exit code
	 * @param output what it printed
	 */
	public record Ended(int exitCode, String output) {

	}

	/**
	 * A config file for services whose test is not about watching: a setup with nothing
	 * to watch does not start. One per test JVM, never changed.
	 * @return its path
	 */
	public static synchronized Path defaultWatchedFile() {
		if (defaultWatchedFile == null) {
			try {
				Path dir = Files.createTempDirectory("flush-manager-test-");
				defaultWatchedFile = Files.writeString(dir.resolve("unchanged.conf"), "# watched, never changed\n");
				dir.toFile().deleteOnExit();
				defaultWatchedFile.toFile().deleteOnExit();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return defaultWatchedFile;
	}

	private static boolean namesWhatToWatch(List<String> args, Map<String, String> env) {
		return env.containsKey("FLUSH_MANAGER_WATCH_FILES") || args.stream()
			.anyMatch((arg) -> arg.startsWith("--flush-manager.watch.files") || arg.equals("--watch")
					|| arg.startsWith("--watch=") || arg.contains("profiles.active")
					|| arg.startsWith("--flush-manager.source.kubernetes.enabled")
					|| arg.startsWith("--flush-manager.collect.dirs"));
	}

	private static String classpath() {
		// Surefire runs tests from a manifest-only jar; it names the real classpath here.
		// The test classes
		// are left out: the service would component-scan their nested configurations.
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		return Arrays.stream(classpath.split(File.pathSeparator))
			.filter((entry) -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
			.collect(Collectors.joining(File.pathSeparator));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Wait until readiness answers 200.
	 * @param timeout how long at most
	 * @return this
	 */
	public ServiceProcess awaitReady(Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The service exited with " + this.process.exitValue() + ":\n" + log());
			}
			try {
				return this.api.get("/actuator/health/readiness").status() == 200;
			}
			catch (UncheckedIOException ex) {
				return false;
			}
		});
		return this;
	}

	public HttpApi api() {
		return this.api;
	}

	public long pid() {
		return this.process.pid();
	}

	public Process process() {
		return this.process;
	}

	/**
	 * Send a signal, as {@code kill -<signal> <pid>}.
	 * @param signal such as {@code TERM} or {@code KILL}
	 * @throws IOException when kill cannot be run
	 * @throws InterruptedException when interrupted
	 */
	public void signal(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IllegalStateException("kill -" + signal + " " + pid() + " exited with " + kill.exitValue());
		}
	}

	/**
	 * The output so far.
	 * @return the text, or an empty string when discarded
	 */
	public String log() {
		try {
			return (this.log != null && Files.exists(this.log)) ? Files.readString(this.log) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Kill it if it still runs. */
	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
