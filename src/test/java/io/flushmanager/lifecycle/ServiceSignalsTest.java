package io.flushmanager.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.support.Processes;
import io.flushmanager.support.ScriptChild;
import io.flushmanager.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Signals sent to the service's own JVM (HELP.md, "Signals"), against a real service
 * process and a child that records the signals it gets.
 */
class ServiceSignalsTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Records USR1, USR2 and TERM; a TERM takes half a second, so that a second TERM
	 * lands inside the stop.
	 */
	private static final String RECORDING = """
			trap 'echo "$$ USR1" >> "$DIR/signals"' USR1
			trap 'echo "$$ USR2" >> "$DIR/signals"' USR2
			trap 'echo "$$ TERM" >> "$DIR/signals"; sleep 0.5; exit 0' TERM
			while :; do sleep 1 & wait $!; done
			""";

	@TempDir
	Path dir;

	@Test
	void hupRestartsTheChildAndUsr1Usr2AreForwardedToIt() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", RECORDING);
		try (ServiceProcess service = start(script)) {
			long first = awaitOneChild(script);
			service.signal("USR1");
			service.signal("USR2");
			await().atMost(TIMEOUT).until(() -> signals(script).containsAll(List.of(first + " USR1", first + " USR2")));
			assertThat(service.process().isAlive()).as("the service survives USR1 and USR2").isTrue();
			assertThat(script.pids()).as("the child was not restarted").containsExactly(first);

			service.signal("HUP");
			await().atMost(TIMEOUT).until(() -> script.pids().size() == 2 && Processes.alive(script.pids().get(1)));
			assertThat(signals(script)).as("the old child was stopped gracefully").contains(first + " TERM");
			assertThat(Processes.alive(first)).isFalse();
			assertThat(service.process().isAlive()).as("the service survives HUP").isTrue();
			await().atMost(TIMEOUT).until(() -> "RUNNING".equals(state(service)));
			assertThat(service.api().get("/api/child").json().get("restartCount").asLong()).isEqualTo(1);
			assertThat(service.log()).contains("Received SIGUSR1: forwarding it to the child",
					"Received SIGUSR2: forwarding it to the child", "Received SIGHUP: restarting the child",
					"Child process (PID: " + first + ") stopped gracefully");
			service.signal("TERM");
			assertThat(service.process().waitFor(60, TimeUnit.SECONDS)).as("the service ended").isTrue();
		}
		Processes.assertGone(script.pids());
	}

	@Test
	void termShutsDownGracefullyAndASecondTermChangesNothing() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", RECORDING);
		try (ServiceProcess service = start(script)) {
			long child = awaitOneChild(script);
			service.signal("TERM");
			await().atMost(TIMEOUT).until(() -> signals(script).contains(child + " TERM"));
			if (service.process().isAlive()) {
				service.signal("TERM");
			}
			assertThat(service.process().waitFor(60, TimeUnit.SECONDS)).as("the service ended").isTrue();
			// 128 + SIGTERM: the JVM ran its shutdown and ended on the signal.
			assertThat(service.process().exitValue()).as(service.log()).isEqualTo(143);
			assertThat(service.log()).contains("Child process (PID: " + child + ") stopped gracefully");
			assertThat(signals(script)).containsExactly(child + " TERM");
		}
		Processes.assertGone(script.pids());
	}

	private ServiceProcess start(ScriptChild script) throws Exception {
		ServiceProcess service = ServiceProcess.start(this.dir.resolve("service.log"),
				List.of("--flush-manager.child.command=" + script.command(), "--flush-manager.child.start-grace=200ms",
						"--flush-manager.child.stop-timeout=10s"));
		service.awaitReady(Duration.ofSeconds(90));
		return service;
	}

	private static long awaitOneChild(ScriptChild script) {
		await().atMost(TIMEOUT).until(() -> script.pids().size() == 1);
		return script.pids().get(0);
	}

	private static String state(ServiceProcess service) {
		return service.api().get("/api/child").json().get("state").asString();
	}

	private static List<String> signals(ScriptChild script) {
		return script.read("signals").lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

}
