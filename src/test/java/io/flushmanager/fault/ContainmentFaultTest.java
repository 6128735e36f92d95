package io.flushmanager.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.Processes;
import io.flushmanager.support.RunningService;
import io.flushmanager.support.ScriptChild;
import io.flushmanager.support.ServiceProcess;

import static io.flushmanager.fault.ChildFaultTest.IDLE;
import static io.flushmanager.fault.ChildFaultTest.TIMEOUT;
import static io.flushmanager.fault.ChildFaultTest.awaitRunning;
import static io.flushmanager.fault.ChildFaultTest.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Containment (SPEC section 9) against the whole service: what the child and the validate
 * command may see of the service's environment, daemons that left the child's tree
 * (setsid and double fork) at a restart, the shutdown and a SIGKILL of the service, and
 * no child started once the shutdown began.
 */
class ContainmentFaultTest {

	/**
	 * A child that leaves a daemon (setsid, then its parent exits) holding its stdout, on
	 * every start.
	 */
	static final String DAEMONIZING = """
			setsid sh -c 'sleep 1000 & echo $! >> "$DIR/daemons"' &
			trap 'exit 0' TERM
			""" + IDLE;

	static final Duration SERVICE_START = Duration.ofSeconds(90);

	@TempDir
	Path dir;

	@Test
	void neitherTheChildNorTheValidateCommandSeesTheServicesSettingsOrTokenOrRemovedNames() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", "trap 'exit 0' TERM\n" + IDLE);
		ScriptChild validate = ScriptChild.create(this.dir, "validate", "env > \"$DIR/validate.env\"");
		Path conf = Files.writeString(this.dir.resolve("app.conf"), "v=1\n");
		Map<String, String> env = Map.of("FLUSH_MANAGER_SECURITY_TOKEN", "t0ken-never-to-leak",
				"FLUSH_MANAGER_CHILD_STOP_TIMEOUT", "3s", "DB_PASSWORD", "removed", "KEPT_VARIABLE", "kept");
		try (ServiceProcess service = ServiceProcess.start(this.dir.resolve("service.log"),
				List.of("-XX:TieredStopAtLevel=1"),
				List.of("--flush-manager.child.command=" + script.command(),
						"--flush-manager.child.env-remove=DB_PASSWORD", "--flush-manager.child.env.EXTRA=added",
						"--flush-manager.watch.files=" + conf, "--flush-manager.watch.poll-interval=200ms",
						"--flush-manager.watch.debounce=100ms", "--flush-manager.child.start-grace=200ms",
						"--flush-manager.reload.validate-command=" + validate.command()),
				env)) {
			service.awaitReady(SERVICE_START);
			long pid = await().atMost(TIMEOUT).until(() -> script.pids(), (pids) -> !pids.isEmpty()).get(0);
			List<String> childEnv = environ(pid);
			assertThat(childEnv).as("the child's environment")
				.noneMatch((line) -> line.toUpperCase().startsWith("FLUSH_MANAGER"))
				.noneMatch((line) -> line.contains("t0ken-never-to-leak"))
				.noneMatch((line) -> line.startsWith("DB_PASSWORD="))
				.contains("KEPT_VARIABLE=kept", "EXTRA=added");
			Files.writeString(conf, "v=2\n");
			await().atMost(TIMEOUT).until(() -> script.pids().size() == 2);
			String validated = script.read("validate.env");
			assertThat(validated).as("the validate command's environment")
				.doesNotContain("FLUSH_MANAGER", "t0ken-never-to-leak", "DB_PASSWORD")
				.contains("KEPT_VARIABLE=kept");
			assertThat(service.log()).doesNotContain("t0ken-never-to-leak");
			service.signal("TERM");
			assertThat(service.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
		}
		Processes.assertGone(script.pids());
	}

	@Test
	void aDoubleForkedDaemonIsGoneAfterARestartWhichDoesNotWaitForItsPipe() {
		ScriptChild script = ScriptChild.create(this.dir, "child", DAEMONIZING);
		try (RunningService service = start(script, "--flush-manager.child.stop-timeout=5s")) {
			long first = awaitRunning(service, script);
			long daemon = awaitDaemons(script, 1).get(0);
			assertThat(Processes.stat(daemon).orElseThrow().session()).as("the daemon left the child's session")
				.isNotEqualTo(first);
			long begin = System.nanoTime();
			HttpAnswer answer = service.api().post("/api/child/restart");
			Duration took = Duration.ofNanos(System.nanoTime() - begin);
			assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
			Processes.assertGone(List.of(first, daemon));
			// The daemon held the child's stdout; killed with the tree, it no longer
			// keeps the stop waiting 5 s.
			assertThat(took).isLessThan(Duration.ofSeconds(4));
			// Re-parented to this JVM, it is reaped here: no zombie is left behind.
			await().atMost(TIMEOUT).until(() -> Processes.stat(daemon).isEmpty());
			awaitDaemons(script, 2);
		}
		// The service's shutdown stops the second daemon the same way.
		Processes.assertGone(script.longs("daemons"));
		Processes.assertGone(script.pids());
	}

	@Test
	void aDoubleForkedDaemonDiesWithAServiceKilledOutright() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", DAEMONIZING);
		List<Long> tree = new ArrayList<>();
		try (ServiceProcess service = ServiceProcess.start(this.dir.resolve("service.log"), List
			.of("--flush-manager.child.command=" + script.command(), "--flush-manager.child.start-grace=200ms"))) {
			service.awaitReady(SERVICE_START);
			long daemon = awaitDaemons(script, 1).get(0);
			tree.add(daemon);
			tree.addAll(script.pids());
			assertThat(Processes.alive(tree)).hasSize(2);
			// Orphans are found by a scan every second: a daemon younger than that is the
			// limit HELP.md states.
			await().atMost(TIMEOUT).until(() -> service.log().contains("Process " + daemon + " (session"));
			service.signal("KILL");
			assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
			await().atMost(TIMEOUT).untilAsserted(() -> Processes.assertGone(tree));
		}
	}

	@Test
	void sigtermTwiceDuringAManualRestartEndsTheServiceAndStartsNoChild() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", "trap 'sleep 2; exit 0' TERM\n" + IDLE);
		try (ServiceProcess service = ServiceProcess.start(this.dir.resolve("service.log"), List
			.of("--flush-manager.child.command=" + script.command(), "--flush-manager.child.start-grace=200ms"))) {
			service.awaitReady(SERVICE_START);
			await().atMost(TIMEOUT).until(() -> script.pids().size() == 1);
			CompletableFuture.runAsync(() -> service.api().post("/api/child/restart"));
			terminateTwiceWhile(service, "Restarting child process...");
			assertThat(script.pids()).as("children started").hasSize(1);
		}
		Processes.assertGone(script.pids());
	}

	@Test
	void sigtermTwiceDuringAConfigRestartEndsTheServiceAndStartsNoChild() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", "trap 'sleep 2; exit 0' TERM\n" + IDLE);
		Path conf = Files.writeString(this.dir.resolve("app.conf"), "v=1\n");
		try (ServiceProcess service = ServiceProcess.start(this.dir.resolve("service.log"),
				List.of("--flush-manager.child.command=" + script.command(), "--flush-manager.child.start-grace=200ms",
						"--flush-manager.watch.files=" + conf, "--flush-manager.watch.poll-interval=200ms",
						"--flush-manager.watch.debounce=100ms"))) {
			service.awaitReady(SERVICE_START);
			await().atMost(TIMEOUT).until(() -> script.pids().size() == 1);
			Files.writeString(conf, "v=2\n");
			terminateTwiceWhile(service, "Config file change detected, restarting child process...");
			assertThat(script.pids()).as("children started").hasSize(1);
		}
		Processes.assertGone(script.pids());
	}

	/**
	 * Once the restart is stopping the child, SIGTERM twice; the service must end on its
	 * own.
	 */
	private static void terminateTwiceWhile(ServiceProcess service, String restarting) throws Exception {
		await().atMost(TIMEOUT)
			.until(() -> service.log().contains(restarting) && service.log().contains("Stopping child process"));
		service.signal("TERM");
		await().atMost(TIMEOUT)
			.until(() -> service.log().contains("Stopping child process (PID") || !service.process().isAlive());
		service.signal("TERM");
		assertThat(service.process().waitFor(60, TimeUnit.SECONDS)).as("the service ended; its log:%n%s", service.log())
			.isTrue();
	}

	private static List<Long> awaitDaemons(ScriptChild script, int count) {
		return await().atMost(TIMEOUT).until(() -> script.longs("daemons"), (pids) -> pids.size() >= count);
	}

	/** {@code /proc/<pid>/environ}, one variable a line. */
	static List<String> environ(long pid) {
		try {
			String text = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8);
			return Arrays.stream(text.split("\0")).filter((line) -> !line.isEmpty()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
