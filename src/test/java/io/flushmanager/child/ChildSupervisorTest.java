package io.flushmanager.child;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.child.ChildEvent.Type;
import io.flushmanager.config.ChildProperties.RestartPolicy;
import io.flushmanager.config.Signal;
import io.flushmanager.support.LogCapture;
import io.flushmanager.support.Processes;
import io.flushmanager.support.ScriptChild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

class ChildSupervisorTest {

	@TempDir
	Path dir;

	@Test
	void startsTheCommandInItsOwnSessionAndTheJavaPidIsTheChildsOwn() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child",
				"echo \"$1|$2|$FM_TEST_VALUE|$(pwd)\" > \"$DIR/seen\"\n" + Scripts.IDLE);
		Path work = Files.createDirectory(this.dir.resolve("work"));
		try (LogCapture log = LogCapture.of(ChildSupervisor.class);
				Harness harness = Harness.of(script)
					.args("alpha", "beta gamma")
					.env(Map.of("FM_TEST_VALUE", "from-env"))
					.workingDir(work)
					.start()) {
			long pid = harness.awaitRunning();
			// setsid did not fork: the PID Java sees is the one the script reports as $$.
			assertThat(script.pids()).containsExactly(pid);
			Processes.Stat stat = Processes.stat(pid).orElseThrow();
			assertThat(stat.session()).as("session").isEqualTo(pid);
			assertThat(stat.pgrp()).as("process group").isEqualTo(pid);
			await().atMost(Harness.WAIT).until(() -> !script.read("seen").isEmpty());
			assertThat(script.read("seen")).isEqualTo("alpha|beta gamma|from-env|" + work + "\n");
			assertThat(log.lines()).contains("INFO Starting child process: " + script.script() + " [alpha beta gamma]",
					"INFO Child process started with PID: " + pid);
			ChildStatus status = harness.supervisor.status();
			assertThat(status.command()).isEqualTo(script.command());
			assertThat(status.args()).containsExactly("alpha", "beta gamma");
			assertThat(status.restartCount()).isZero();
			assertThat(status.uptime()).isNotNull();
			assertThat(status.history()).singleElement().satisfies((event) -> {
				assertThat(event.type()).isEqualTo(Type.STARTED);
				assertThat(event.reason()).isEqualTo(RestartReason.STARTUP);
				assertThat(event.pid()).isEqualTo(pid);
			});
			assertThat(harness.events).isEqualTo(status.history());
			assertThat(harness.supervisor.healthy()).isTrue();
		}
	}

	@Test
	void aConfigChangeRestartGivesANewChildAndTheOldOneIsGone() throws Exception {
		ScriptChild script = Scripts.wellBehaved(this.dir);
		try (LogCapture log = LogCapture.of(ChildSupervisor.class);
				Harness harness = Harness.of(script).stopTimeout(Duration.ofSeconds(5)).start()) {
			long first = harness.awaitRunning();
			RestartResult result = harness.supervisor.restart(RestartReason.CONFIG_CHANGE).get(30, TimeUnit.SECONDS);
			assertThat(result.previousPid()).isEqualTo(first);
			assertThat(result.pid()).isNotNull().isNotEqualTo(first);
			assertThat(result.state()).isIn(ChildState.STARTING, ChildState.RUNNING);
			Processes.assertGone(List.of(first));
			long second = harness.awaitRunning();
			assertThat(second).isEqualTo(result.pid());
			assertThat(harness.lines).contains("STDOUT " + first + " bye " + first);
			ChildStatus status = harness.supervisor.status();
			assertThat(status.restartCount()).isEqualTo(1);
			assertThat(status.lastExit().code()).isZero();
			assertThat(status.lastExit().reason()).isEqualTo(RestartReason.CONFIG_CHANGE);
			assertThat(status.history()).extracting(ChildEvent::type, ChildEvent::reason, ChildEvent::pid)
				.containsExactly(tuple(Type.STARTED, RestartReason.CONFIG_CHANGE, second),
						tuple(Type.STOPPED, RestartReason.CONFIG_CHANGE, first),
						tuple(Type.STARTED, RestartReason.STARTUP, first));
			assertThat(log.lines()).containsSubsequence("INFO Config file change detected, restarting child process...",
					"INFO Stopping child process (PID: " + first + ") with timeout: 5s",
					"INFO Child process (PID: " + first + ") stopped gracefully",
					"INFO Child process started with PID: " + second,
					"INFO Child process restarted successfully after config change");
		}
	}

	@Test
	void concurrentRestartsShareOneRestartAndLeaveOneChild() throws Exception {
		// The old child takes a second to stop, so all callers arrive while the restart
		// is under way.
		ScriptChild script = ScriptChild.create(this.dir, "child", "trap 'sleep 1; exit 0' TERM\n" + Scripts.IDLE);
		try (Harness harness = Harness.of(script).start()) {
			long first = harness.awaitRunning();
			int callers = 20;
			CountDownLatch go = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(callers);
			try {
				List<CompletableFuture<CompletableFuture<RestartResult>>> calls = new ArrayList<>();
				for (int i = 0; i < callers; i++) {
					calls.add(CompletableFuture.supplyAsync(() -> {
						awaitQuietly(go);
						return harness.supervisor.restart(RestartReason.MANUAL);
					}, pool));
				}
				go.countDown();
				List<RestartResult> results = new ArrayList<>();
				for (CompletableFuture<CompletableFuture<RestartResult>> call : calls) {
					results.add(call.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS));
				}
				assertThat(results).hasSize(callers)
					.allSatisfy((result) -> assertThat(result).isSameAs(results.get(0)));
				assertThat(results.get(0).previousPid()).isEqualTo(first);
			}
			finally {
				pool.shutdownNow();
			}
			long second = harness.awaitRunning();
			assertThat(script.pids()).containsExactly(first, second);
			assertThat(Processes.alive(script.pids())).containsExactly(second);
			assertThat(harness.supervisor.status().restartCount()).isEqualTo(1);
		}
	}

	@Test
	void aSignalReachesTheChild() throws Exception {
		ScriptChild script = Scripts.wellBehaved(this.dir);
		try (Harness harness = Harness.of(script).start()) {
			long pid = harness.awaitRunning();
			// RUNNING is the process, not its traps: a HUP before the script's trap would
			// end it.
			await().atMost(Harness.WAIT)
				.until(() -> harness.lines.stream().anyMatch((line) -> line.contains("ready ")));
			harness.supervisor.signal(Signal.HUP).get(30, TimeUnit.SECONDS);
			await().atMost(Harness.WAIT).until(() -> Files.exists(script.file("hup." + pid)));
			assertThat(harness.supervisor.status().pid()).isEqualTo(pid);
		}
	}

	@Test
	void aSignalFailsWhenNoChildRuns() {
		ScriptChild script = ScriptChild.create(this.dir, "child", "exit 0");
		try (Harness harness = Harness.of(script).policy(RestartPolicy.NEVER).start()) {
			harness.awaitState(ChildState.STOPPED);
			await().atMost(Harness.WAIT).until(() -> !harness.events(Type.EXITED).isEmpty());
			assertThatThrownBy(() -> harness.supervisor.signal(Signal.HUP).get(30, TimeUnit.SECONDS))
				.hasCauseInstanceOf(IllegalStateException.class)
				.hasMessageContaining("No child process is running");
		}
	}

	@Test
	void restartAndSignalFailOnceTheSupervisorStopped() {
		ScriptChild script = Scripts.wellBehaved(this.dir);
		try (Harness harness = Harness.of(script).start()) {
			harness.awaitRunning();
			harness.supervisor.stop();
			assertThat(harness.supervisor.restart(RestartReason.MANUAL)).isCompletedExceptionally();
			assertThat(harness.supervisor.signal(Signal.HUP)).isCompletedExceptionally();
			assertThat(harness.supervisor.isRunning()).isFalse();
			assertThat(harness.supervisor.healthy()).isTrue();
			Processes.assertGone(script.pids());
		}
	}

	@Test
	void whenTheSupervisorThreadDiesItIsUnhealthyAndTheChildDiesWithIt() {
		ScriptChild script = Scripts.wellBehaved(this.dir);
		try (Harness harness = Harness.of(script).publisher((event) -> {
			if (event instanceof ChildSpawning) {
				return;
			}
			// Once the script runs, setpriv has armed the parent-death signal.
			await().atMost(Harness.WAIT).until(() -> script.pids().size() == 1);
			throw new AssertionError("a broken listener");
		}).start()) {
			await().atMost(Harness.WAIT).until(() -> !harness.supervisor.healthy());
			// The parent-death signal is tied to the supervisor thread, which is gone.
			await().atMost(Harness.WAIT).until(() -> Processes.alive(script.pids()).isEmpty());
			assertThat(harness.supervisor.restart(RestartReason.MANUAL)).isCompletedExceptionally();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
