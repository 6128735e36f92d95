package io.flushmanager.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.Processes;
import io.flushmanager.support.ScriptChild;
import io.flushmanager.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service started with HUP and INT ignored (as under {@code nohup}, or as a background
 * job of a shell script) still gives its child every signal at its default: a
 * {@code signal} reload with HUP reaches the child's trap, and a stop with INT ends it
 * gracefully instead of by SIGKILL.
 */
class IgnoredAtStartTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final long HUP = 1L;

	private static final long INT = 1L << 1;

	/**
	 * Records its SigIgn mask at start, each HUP, and an INT, on which it exits.
	 */
	private static final String CHILD = """
			sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status > "$DIR/sigign.$$"
			trap 'echo "$$ HUP" >> "$DIR/signals"' HUP
			trap 'echo "$$ INT" >> "$DIR/signals"; exit 0' INT
			while :; do sleep 1 & wait $!; done
			""";

	@TempDir
	Path dir;

	@Test
	void theChildStartsWithDefaultDispositionsAndGetsTheReloadAndStopSignals() throws Exception {
		AtomicWriter kubelet = new AtomicWriter(this.dir.resolve("conf"));
		kubelet.writeText(Map.of("app.conf", "v1"));
		ScriptChild script = ScriptChild.create(this.dir, "child", CHILD);
		try (ServiceProcess service = ServiceProcess.startIgnoring(this.dir.resolve("service.log"), "HUP INT",
				List.of("--flush-manager.child.command=" + script.command(), "--flush-manager.child.start-grace=200ms",
						"--flush-manager.child.stop-signal=INT", "--flush-manager.child.stop-timeout=60s",
						"--flush-manager.watch.files=" + this.dir.resolve("conf/app.conf"),
						"--flush-manager.watch.debounce=100ms", "--flush-manager.reload.strategy=signal",
						"--flush-manager.reload.signal=HUP"))) {
			service.awaitReady(Duration.ofSeconds(90));
			assertThat(ignoredMask(Files.readString(Path.of("/proc/" + service.pid() + "/status"))) & (HUP | INT))
				.as("the fixture starts the JVM with HUP and INT ignored")
				.isEqualTo(HUP | INT);
			await().atMost(TIMEOUT).until(() -> script.pids().size() == 1);
			long child = script.pids().get(0);
			await().atMost(TIMEOUT).until(() -> !script.read("sigign." + child).isBlank());
			long mask = Long.parseUnsignedLong(script.read("sigign." + child).strip(), 16);
			assertThat(mask & (HUP | INT)).as("the child's SigIgn %x", mask).isZero();
			assertThat(service.log()).contains("The service was started with signals ignored (HUP, INT)");

			kubelet.writeText(Map.of("app.conf", "v2"));
			await().atMost(TIMEOUT).until(() -> signals(script).contains(child + " HUP"));
			assertThat(script.pids()).as("reloaded by the signal, not restarted").containsExactly(child);

			long stopping = System.nanoTime();
			service.signal("TERM");
			assertThat(service.process().waitFor(60, TimeUnit.SECONDS)).as("the service ended").isTrue();
			assertThat(signals(script)).contains(child + " INT");
			assertThat(service.log()).contains("Child process (PID: " + child + ") stopped gracefully");
			assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("not the 60s stop timeout")
				.isLessThan(Duration.ofSeconds(45));
		}
		Processes.assertGone(script.pids());
	}

	private static long ignoredMask(String status) {
		return status.lines()
			.filter((line) -> line.startsWith("SigIgn:"))
			.map((line) -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16))
			.findFirst()
			.orElseThrow();
	}

	private static List<String> signals(ScriptChild script) {
		return script.read("signals").lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

}
