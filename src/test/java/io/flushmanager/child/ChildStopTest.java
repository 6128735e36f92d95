package io.flushmanager.child;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.child.ChildEvent.Type;
import io.flushmanager.config.ChildProperties.RestartPolicy;
import io.flushmanager.support.LogCapture;
import io.flushmanager.support.Processes;
import io.flushmanager.support.ScriptChild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ChildStopTest {

	/**
	 * Ignores SIGTERM (and so do its descendants, which inherit that), with a grandchild
	 * in its process group and one that escaped into a session of its own.
	 */
	private static final String STUBBORN = """
			trap '' TERM
			sh -c 'echo $$ > "$DIR/grandchild.pid"; while :; do sleep 1; done' &
			setsid sh -c 'echo $$ > "$DIR/escaped.pid"; while :; do sleep 1; done' &
			while :; do sleep 1; done
			""";

	@TempDir
	Path dir;

	@Test
	void aTreeThatIgnoresSigtermIsGoneAfterTheStopTimeout() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", STUBBORN);
		try (LogCapture log = LogCapture.of(ChildSupervisor.class);
				Harness harness = Harness.of(script).stopTimeout(Duration.ofSeconds(1)).start()) {
			long pid = harness.awaitRunning();
			List<Long> tree = awaitTree(script, pid);
			assertThat(Processes.stat(tree.get(2)).orElseThrow().session()).as("escaped into its own session")
				.isNotEqualTo(pid);
			long begin = System.nanoTime();
			RestartResult result = harness.supervisor.restart(RestartReason.MANUAL).get(30, TimeUnit.SECONDS);
			assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
			// Checked at once: the stop is over only when the whole tree is gone.
			Processes.assertGone(tree);
			assertThat(result.previousPid()).isEqualTo(pid);
			ChildEvent stopped = harness.events(Type.STOPPED).get(0);
			assertThat(stopped.signal()).isEqualTo("SIGKILL");
			assertThat(stopped.exitCode()).isNull();
			assertThat(stopped.detail()).isEqualTo("killed with SIGKILL after stop-timeout 1s");
			assertThat(log.lines()).contains("WARN Child process (PID: " + pid
					+ ") did not stop within 1s after SIGTERM: killed its process tree with SIGKILL");
		}
	}

	@Test
	void withoutSetsidTheRecordedDescendantsAreStoppedToo() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", STUBBORN);
		try (Harness harness = Harness.of(script).plainSpawn().stopTimeout(Duration.ofSeconds(1)).start()) {
			long pid = harness.awaitRunning();
			assertThat(Processes.stat(pid).orElseThrow().pgrp()).as("shares the JVM's group")
				.isEqualTo(Processes.stat(ProcessHandle.current().pid()).orElseThrow().pgrp());
			List<Long> tree = awaitTree(script, pid);
			harness.supervisor.restart(RestartReason.MANUAL).get(30, TimeUnit.SECONDS);
			Processes.assertGone(tree);
			assertThat(Processes.alive(ProcessHandle.current().pid())).isTrue();
		}
	}

	@Test
	void aRestartRightAfterTheStartStopsTheNewChildGracefully() throws Exception {
		ScriptChild script = Scripts.wellBehaved(this.dir);
		// Long enough that a missed stop signal would fail the test.
		try (Harness harness = Harness.of(script).stopTimeout(Duration.ofSeconds(60)).start()) {
			// Queued right behind the first start: it reaches a child that may not have
			// its own group yet.
			RestartResult result = harness.supervisor.restart(RestartReason.MANUAL).get(30, TimeUnit.SECONDS);
			assertThat(harness.events(Type.STOPPED)).singleElement()
				.satisfies((event) -> assertThat(event.detail()).isEqualTo("stopped by SIGTERM"));
			Processes.assertGone(List.of(result.previousPid()));
			assertThat(harness.awaitRunning()).isEqualTo(result.pid());
		}
	}

	@Test
	void theLastLinesBeforeExitingOnSigtermAreNotLost() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", """
				trap 'echo "last words of $$"; echo "last error of $$" >&2; exit 0' TERM
				""" + Scripts.IDLE);
		try (LogCapture log = LogCapture.of("child.test");
				Harness harness = Harness.of(script).sink(new LoggingOutputSink("test")).start()) {
			long pid = harness.awaitRunning();
			harness.supervisor.restart(RestartReason.MANUAL).get(30, TimeUnit.SECONDS);
			// Checked at once: the stop waits for the output to be drained. Stderr
			// without a level is WARN.
			assertThat(log.lines()).contains("INFO [test:" + pid + "] last words of " + pid,
					"WARN [test:" + pid + "] last error of " + pid);
		}
	}

	@Test
	void stoppingTheSupervisorLeavesNoProcessOfTheTree() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", """
				sh -c 'echo $$ > "$DIR/grandchild.pid"; exec sleep 1000' &
				sh -c 'trap "exit 0" TERM; echo $$ > "$DIR/escaped.pid"; while :; do sleep 1; done' &
				""" + Scripts.IDLE);
		try (Harness harness = Harness.of(script).start()) {
			long pid = harness.awaitRunning();
			List<Long> tree = awaitTree(script, pid);
			harness.supervisor.stop();
			Processes.assertGone(tree);
			ChildStatus status = harness.supervisor.status();
			assertThat(status.state()).isEqualTo(ChildState.STOPPED);
			assertThat(status.pid()).isNull();
			assertThat(status.history().get(0)).satisfies((event) -> {
				assertThat(event.type()).isEqualTo(Type.STOPPED);
				assertThat(event.reason()).isEqualTo(RestartReason.SHUTDOWN);
				assertThat(event.signal()).isEqualTo("SIGTERM");
				assertThat(event.detail()).isEqualTo("stopped by SIGTERM");
			});
			assertThat(harness.supervisor.isRunning()).isFalse();
		}
	}

	@Test
	void whatAnExitedChildLeftInItsGroupIsStoppedBeforeTheNextStart() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", """
				if [ ! -e "$DIR/left.pid" ]; then
				  sh -c 'trap "" TERM; echo $$ > "$DIR/left.pid"; while :; do sleep 1; done' &
				  while [ ! -s "$DIR/left.pid" ]; do sleep 0.05; done
				  exit 4
				fi
				""" + Scripts.IDLE);
		try (Harness harness = Harness.of(script)
			.policy(RestartPolicy.ON_FAILURE)
			.stopTimeout(Duration.ofMillis(500))
			.start()) {
			await().atMost(Harness.WAIT).until(() -> !harness.events(Type.EXITED).isEmpty());
			// Checked at once: the leftover is stopped before the exit is recorded.
			Processes.assertGone(script.longs("left.pid"));
			assertThat(harness.events(Type.EXITED).get(0).exitCode()).isEqualTo(4);
			long second = harness.awaitRunning();
			assertThat(script.pids()).hasSize(2).endsWith(second);
		}
	}

	/**
	 * The child, its grandchild and its escaped grandchild, once all have recorded their
	 * PIDs.
	 */
	private static List<Long> awaitTree(ScriptChild script, long pid) {
		await().atMost(Harness.WAIT)
			.until(() -> script.longs("grandchild.pid").size() == 1 && script.longs("escaped.pid").size() == 1);
		List<Long> tree = new ArrayList<>(
				List.of(pid, script.longs("grandchild.pid").get(0), script.longs("escaped.pid").get(0)));
		assertThat(Processes.alive(tree)).containsExactlyElementsOf(tree);
		assertThat(Files.exists(script.file("grandchild.pid"))).isTrue();
		return tree;
	}

}
