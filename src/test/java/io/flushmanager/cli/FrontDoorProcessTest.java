package io.flushmanager.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.flushmanager.support.HttpApi;
import io.flushmanager.support.ScriptChild;
import io.flushmanager.support.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The front door on a real service process: the child's argv arrives verbatim, a file
 * update restarts it, the options win over Spring-style arguments, and help, version and
 * usage errors never start Spring.
 */
class FrontDoorProcessTest {

	private static final List<String> AWKWARD_ARGS = List.of("a,b", "${HOME}", "two words", "");

	@TempDir
	Path dir;

	@Test
	void childArgvIsVerbatimAndAFileUpdateRestartsIt() throws Exception {
		Path conf = this.dir.resolve("app.conf");
		Files.writeString(conf, "v=1\n");
		// Each run leaves its argv, NUL-separated, and keeps running (its shell stays the
		// process to read).
		ScriptChild child = ScriptChild.create(this.dir, "child",
				"printf '%s\\0' \"$@\" > \"$DIR/argv.$$\"\nwhile :; do sleep 1; done");
		int port = freePort();
		List<String> args = new java.util.ArrayList<>(List.of(
				// Spring-style values the options must win over.
				"--flush-manager.watch.debounce=9s", "--flush-manager.child.args=x,y", "--watch", conf.toString(),
				"--debounce", "100ms", "--port", Integer.toString(port), "--flush-manager.watch.poll-interval=200ms",
				"--flush-manager.child.start-grace=200ms", "--", "sh", child.script().toString()));
		args.addAll(AWKWARD_ARGS);
		try (ServiceProcess service = ServiceProcess.start(this.dir.resolve("service.log"), args)) {
			HttpApi api = new HttpApi(port);
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
				assertThat(service.process().isAlive()).as(service::log).isTrue();
				return child.pids().size() == 1 && Files.exists(this.dir.resolve("argv." + child.pids().get(0)));
			});
			long first = child.pids().get(0);
			assertThat(argvFile(first)).containsExactlyElementsOf(AWKWARD_ARGS);
			// argv[0] is the command as resolved on PATH.
			List<String> cmdline = procCmdline(first);
			assertThat(cmdline.get(0)).endsWith("sh");
			assertThat(cmdline.subList(1, cmdline.size())).first().isEqualTo(child.script().toString());
			assertThat(cmdline.subList(2, cmdline.size())).containsExactlyElementsOf(AWKWARD_ARGS);
			await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/watch").status() == 200);
			assertThat(api.get("/api/watch").body()).contains("\"debounce\":\"PT0.1S\"");

			Files.writeString(conf, "v=2\n");
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> child.pids().size() == 2 && Files.exists(this.dir.resolve("argv." + child.pids().get(1))));
			assertThat(argvFile(child.pids().get(1))).containsExactlyElementsOf(AWKWARD_ARGS);
			assertThat(service.log()).contains("Config file change detected, restarting child process...");
		}
	}

	@Test
	void helpAndVersionAnswerWithoutLoadingSpring() throws Exception {
		for (String option : List.of("--help", "--version")) {
			long start = System.nanoTime();
			ServiceProcess.Ended ended = ServiceProcess.run(List.of("-Xlog:class+load=info"), List.of(option));
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(ended.exitCode()).as(ended.output()).isZero();
			assertThat(ended.output()).contains("io.flushmanager.cli.FrontDoor")
				.doesNotContain("org.springframework")
				.doesNotContain("Started FlushManagerApplication");
			// A benchmark target of 0.5 s (SPEC section 12); here only "quickly",
			// whatever the machine's load.
			assertThat(took).isLessThan(Duration.ofSeconds(20));
		}
		assertThat(ServiceProcess.run(List.of("--help")).output()).startsWith("Usage: flush-manager --watch FILE");
		assertThat(ServiceProcess.run(List.of("--version")).output()).isEqualTo("flush-manager dev\n");
	}

	@Test
	void badUsageExitsWithTwoAndOneLine() throws Exception {
		for (List<String> args : List.of(List.of("--bogus"), List.of("--watch"),
				List.of("--reload", "bogus", "--", "x"), List.of("--watch", "a.conf"))) {
			ServiceProcess.Ended ended = ServiceProcess.run(args);
			assertThat(ended.exitCode()).as(ended.output()).isEqualTo(2);
			assertThat(ended.output()).startsWith("flush-manager: ").endsWith(" (see --help)\n");
			assertThat(ended.output().lines()).hasSize(1);
		}
	}

	@Test
	void aBadValueFromAnOptionIsExplainedWithTheOptionAsOrigin() throws Exception {
		ServiceProcess.Ended ended = ServiceProcess.run(List.of("--debounce=-1s", "--", "sh"));
		assertThat(ended.exitCode()).as(ended.output()).isEqualTo(1);
		assertThat(ended.output()).contains("Property: flush-manager.watch.debounce", "Value: \"-1s\"",
				"Origin: command-line option --debounce", "Reason: must not be negative");
	}

	private List<String> argvFile(long pid) throws IOException {
		return split(Files.readString(this.dir.resolve("argv." + pid), StandardCharsets.UTF_8));
	}

	private static List<String> procCmdline(long pid) throws IOException {
		return split(Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8));
	}

	/** Each argument ends with a NUL, an empty one too. */
	private static List<String> split(String nulTerminated) {
		assertThat(nulTerminated).endsWith("\0");
		String[] parts = nulTerminated.split("\0", -1);
		return Arrays.asList(parts).subList(0, parts.length - 1);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
