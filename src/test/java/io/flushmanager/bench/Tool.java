package io.flushmanager.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.flushmanager.bench.Workload.Site;

/**
 * A tool under test, run as its own process tree on one copy of the workload: the built
 * flush-manager jar, or {@code entr -r} in the restart loop people run around it.
 */
abstract class Tool {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	final String label;

	Process process;

	Tool(String label) {
		this.label = label;
	}

	/** Start the tool on a site with the benchmark child. */
	abstract void launch(Site site, Path child) throws IOException;

	/**
	 * Whether the tool says it is ready (flush-manager) or the first child has exec'd
	 * (entr).
	 */
	abstract boolean ready(ExecLog log);

	/**
	 * What the tool should settle in after a step that changes nothing, before the next
	 * one.
	 */
	abstract long quietMillis();

	/** The tool's own processes (not the child's), whose CPU and memory are measured. */
	abstract List<Long> ownPids();

	/** The command line, as documented. */
	abstract String commandLine();

	/** Stop it the way an operator would: SIGTERM. */
	void stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static int httpStatus(String url) {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
						BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	static String httpBody(String url) throws IOException, InterruptedException {
		return HTTP
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
					BodyHandlers.ofString())
			.body();
	}

	/** The built jar, as {@code java -jar}. */
	static final class FlushManager extends Tool {

		private final Path jar;

		private final String debounce;

		private List<String> command;

		private int port;

		FlushManager(Path jar, String debounce) {
			super("flush-manager" + ((debounce != null) ? " (debounce " + debounce + ")" : " (default debounce)"));
			this.jar = jar;
			this.debounce = debounce;
		}

		@Override
		void launch(Site site, Path child) throws IOException {
			this.port = freePort();
			List<String> command = new ArrayList<>(List.of(
					Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", this.jar.toString(),
					"--server.port=" + this.port, "--flush-manager.watch.files[0]=" + site.watchedKey(),
					"--flush-manager.watch.files[1]=" + site.plain(), "--flush-manager.child.command=" + child,
					"--flush-manager.child.args[0]=" + site.watchedKey(),
					"--flush-manager.child.args[1]=" + site.plain(),
					"--flush-manager.child.args[2]=" + site.execLog()));
			if (this.debounce != null) {
				command.add("--flush-manager.watch.debounce=" + this.debounce);
			}
			this.command = command;
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(site.dir().resolve("tool.log").toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
		}

		@Override
		boolean ready(ExecLog log) {
			return httpStatus("http://127.0.0.1:" + this.port + "/actuator/health/readiness") == 200;
		}

		@Override
		long quietMillis() {
			// The debounce, a restart, and margin.
			return ((this.debounce != null) ? Long.parseLong(this.debounce.replace("ms", "")) : 500) + 400;
		}

		@Override
		List<Long> ownPids() {
			return List.of(this.process.pid());
		}

		@Override
		String commandLine() {
			return String.join(" ", this.command.subList(1, this.command.size()))
				.replace(this.jar.toString(), "target/flush-manager.jar");
		}

	}

	/**
	 * {@code entr -r}, restarted by a shell loop: entr exits when a watched file stays
	 * deleted (exit 1, "cannot open"), and the loop is what its manual shows for such
	 * cases.
	 */
	static final class Entr extends Tool {

		static final String LOOP = "while :; do printf '%s\\n' \"$1\" \"$2\" | entr -rn \"$3\" \"$1\" \"$2\" \"$4\"; sleep 0.1; done";

		Entr() {
			super("entr -r (in a loop)");
		}

		@Override
		void launch(Site site, Path child) throws IOException {
			this.process = new ProcessBuilder("bash", "-c", LOOP, "entr-loop", site.watchedKey().toString(),
					site.plain().toString(), child.toString(), site.execLog().toString())
				.redirectErrorStream(true)
				.redirectOutput(site.dir().resolve("tool.log").toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
		}

		@Override
		boolean ready(ExecLog log) {
			return !log.refresh().isEmpty();
		}

		@Override
		long quietMillis() {
			return 400;
		}

		@Override
		List<Long> ownPids() {
			List<Long> pids = new ArrayList<>();
			pids.add(this.process.pid());
			this.process.descendants()
				.filter((handle) -> handle.info().command().map((command) -> command.endsWith("/entr")).orElse(false))
				.forEach((handle) -> pids.add(handle.pid()));
			return pids;
		}

		@Override
		String commandLine() {
			return "bash -c '" + LOOP + "' entr-loop cm/exporter.conf plain/app.conf bench-child.sh execs.log";
		}

		@Override
		void stop() throws InterruptedException {
			List<ProcessHandle> entrs = this.process.descendants()
				.filter((handle) -> handle.info().command().map((command) -> command.endsWith("/entr")).orElse(false))
				.toList();
			// The loop first, so that it does not start entr again; then entr, which
			// stops its child.
			super.stop();
			for (ProcessHandle entr : entrs) {
				entr.destroy();
			}
			for (ProcessHandle entr : entrs) {
				entr.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally((ex) -> null).join();
			}
		}

	}

}
