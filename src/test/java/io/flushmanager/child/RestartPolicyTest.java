package io.flushmanager.child;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.child.ChildEvent.Type;
import io.flushmanager.config.ChildProperties.RestartPolicy;
import io.flushmanager.support.ScriptChild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RestartPolicyTest {

	@TempDir
	Path dir;

	@Test
	void aCrashLoopBacksOffWithGrowingDelays() {
		ScriptChild script = ScriptChild.create(this.dir, "child", "exit 1");
		try (Harness harness = Harness.of(script).backoffInitial(Duration.ofMillis(200)).start()) {
			await().atMost(Harness.WAIT)
				.pollInterval(Duration.ofMillis(5))
				.until(() -> harness.supervisor.status().state() == ChildState.BACKOFF);
			await().atMost(Harness.WAIT).until(() -> harness.events(Type.STARTED).size() >= 5);
			List<ChildEvent> starts = harness.events(Type.STARTED).subList(0, 5);
			Duration expected = Duration.ofMillis(200);
			Duration previous = Duration.ZERO;
			for (int i = 1; i < starts.size(); i++) {
				Duration gap = Duration.between(starts.get(i - 1).at(), starts.get(i).at());
				assertThat(gap).as("gap %d", i).isGreaterThanOrEqualTo(expected).isGreaterThan(previous);
				previous = gap;
				expected = expected.multipliedBy(2);
			}
			assertThat(starts.subList(1, 5))
				.allSatisfy((event) -> assertThat(event.reason()).isEqualTo(RestartReason.CRASH));
			assertThat(harness.events(Type.EXITED).get(0)).satisfies((exit) -> {
				assertThat(exit.exitCode()).isEqualTo(1);
				assertThat(exit.reason()).isEqualTo(RestartReason.CRASH);
				assertThat(exit.detail()).isEqualTo("failed start: exited before start-grace (100ms)");
			});
			assertThat(harness.supervisor.status().restartCount()).isGreaterThanOrEqualTo(4);
		}
	}

	@Test
	void aRestartLeavesBackoffAtOnce() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", "exit 1");
		// A delay longer than the test may wait: only the restart itself can start the
		// child again.
		try (Harness harness = Harness.of(script).backoffInitial(Duration.ofMinutes(5)).start()) {
			harness.awaitState(ChildState.BACKOFF);
			RestartResult result = harness.supervisor.restart(RestartReason.MANUAL).get(30, TimeUnit.SECONDS);
			assertThat(result.previousPid()).isNull();
			assertThat(result.pid()).isNotNull();
			assertThat(harness.events(Type.STARTED)).extracting(ChildEvent::reason)
				.containsExactly(RestartReason.STARTUP, RestartReason.MANUAL);
		}
	}

	@Test
	void neverLeavesTheChildStopped() {
		ScriptChild script = ScriptChild.create(this.dir, "child", "sleep 0.3; exit 5");
		try (Harness harness = Harness.of(script).policy(RestartPolicy.NEVER).start()) {
			await().atMost(Harness.WAIT).until(() -> !harness.events(Type.EXITED).isEmpty());
			ChildStatus status = harness.supervisor.status();
			assertThat(status.state()).isEqualTo(ChildState.STOPPED);
			assertThat(status.pid()).isNull();
			assertThat(status.lastExit().code()).isEqualTo(5);
			assertThat(status.lastExit().reason()).isEqualTo(RestartReason.CRASH);
			ChildEvent exited = harness.events(Type.EXITED).get(0);
			assertThat(exited.detail()).as("ran past start-grace").isNull();
			assertThat(exited.ranFor()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
			assertThat(script.pids()).hasSize(1);
		}
	}

	@Test
	void onFailureDoesNotRestartAfterExitZero() {
		ScriptChild script = ScriptChild.create(this.dir, "child", "exit 0");
		try (Harness harness = Harness.of(script).policy(RestartPolicy.ON_FAILURE).start()) {
			await().atMost(Harness.WAIT).until(() -> !harness.events(Type.EXITED).isEmpty());
			// The decision is taken with the exit: BACKOFF would follow at once if it
			// restarted.
			assertThat(harness.supervisor.status().state()).isEqualTo(ChildState.STOPPED);
			assertThat(harness.events(Type.EXITED).get(0).exitCode()).isZero();
			assertThat(script.pids()).hasSize(1);
		}
	}

	@Test
	void onFailureRestartsAfterANonZeroExit() {
		ScriptChild script = ScriptChild.create(this.dir, "child", """
				if [ ! -e "$DIR/ran" ]; then touch "$DIR/ran"; exit 3; fi
				""" + Scripts.IDLE);
		try (Harness harness = Harness.of(script).policy(RestartPolicy.ON_FAILURE).start()) {
			// The first run is RUNNING too until its exit (start-grace 0): wait for the
			// exit first, however long the shell takes on a busy machine.
			await().atMost(Harness.WAIT).until(() -> !harness.events(Type.EXITED).isEmpty());
			long second = harness.awaitRunning();
			assertThat(script.pids()).hasSize(2).endsWith(second);
			assertThat(harness.events(Type.EXITED)).singleElement()
				.satisfies((exit) -> assertThat(exit.exitCode()).isEqualTo(3));
			assertThat(harness.supervisor.status().restartCount()).isEqualTo(1);
		}
	}

	@Test
	void exitEndsTheServiceWithTheChildsExitCode() {
		ScriptChild script = ScriptChild.create(this.dir, "child", "sleep 0.2; exit 7");
		try (Harness harness = Harness.of(script).policy(RestartPolicy.EXIT).start()) {
			await().atMost(Harness.WAIT).until(() -> !harness.exitCodes.isEmpty());
			assertThat(harness.exitCodes).containsExactly(7);
			assertThat(harness.supervisor.status().state()).isEqualTo(ChildState.STOPPED);
			assertThat(script.pids()).hasSize(1);
		}
	}

	@Test
	void exitAfterASignalUsesTheShellsCodeForIt() {
		ScriptChild script = ScriptChild.create(this.dir, "child", "kill -KILL $$");
		try (Harness harness = Harness.of(script).policy(RestartPolicy.EXIT).start()) {
			await().atMost(Harness.WAIT).until(() -> !harness.exitCodes.isEmpty());
			assertThat(harness.exitCodes).containsExactly(128 + 9);
			ChildEvent exited = harness.events(Type.EXITED).get(0);
			assertThat(exited.signal()).isEqualTo("SIGKILL");
			assertThat(exited.exitCode()).isNull();
			assertThat(harness.supervisor.status().lastExit().signal()).isEqualTo("SIGKILL");
		}
	}

}
