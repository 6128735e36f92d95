package io.flushmanager.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.Processes;
import io.flushmanager.support.RunningService;
import io.flushmanager.support.ScriptChild;
import io.flushmanager.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault injection, the child side: children that misbehave against the whole service (in
 * this JVM, or in its own for the 1 GiB writer). Each case checks that nothing is lost
 * (the state and history say what happened, the service answers) and nothing is left
 * behind (no process of any run's tree).
 */
class ChildFaultTest {

	static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** Sleeps in a loop the shell can interrupt, so that traps run at once. */
	static final String IDLE = "while :; do sleep 1 & wait $!; done";

	@TempDir
	Path dir;

	@Test
	void aChildIgnoringSigtermIsKilledAfterTheStopTimeout() {
		ScriptChild script = ScriptChild.create(this.dir, "child", "trap '' TERM\n" + IDLE);
		try (RunningService service = start(script, "--flush-manager.child.stop-timeout=1s")) {
			long first = awaitRunning(service, script);
			long begin = System.nanoTime();
			HttpAnswer answer = service.api().post("/api/child/restart");
			assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
			assertThat(answer.json().get("previousPid").asLong()).isEqualTo(first);
			// Checked at once: a stop is over only when the tree is gone.
			Processes.assertGone(List.of(first));
			JsonNode stopped = lastEvent(service, "STOPPED");
			assertThat(stopped.get("signal").asString()).isEqualTo("SIGKILL");
			assertThat(stopped.get("detail").asString()).isEqualTo("killed with SIGKILL after stop-timeout 1s");
			assertThat(awaitRunning(service, script)).isEqualTo(answer.json().get("pid").asLong());
		}
		Processes.assertGone(script.pids());
	}

	@Test
	void grandchildrenIgnoringSigtermAreKilledWithTheirParentEvenOutsideItsGroup() {
		ScriptChild script = ScriptChild.create(this.dir, "child", """
				sh -c 'trap "" TERM; echo $$ >> "$DIR/grandchildren"; while :; do sleep 1; done' &
				setsid sh -c 'trap "" TERM; echo $$ >> "$DIR/grandchildren"; while :; do sleep 1; done' &
				trap 'exit 0' TERM
				""" + IDLE);
		try (RunningService service = start(script, "--flush-manager.child.stop-timeout=1s")) {
			awaitRunning(service, script);
			await().atMost(TIMEOUT).until(() -> script.longs("grandchildren").size() == 2);
			List<Long> firstTree = new ArrayList<>(script.longs("grandchildren"));
			firstTree.addAll(script.pids());
			assertThat(service.api().post("/api/child/restart").status()).isEqualTo(200);
			Processes.assertGone(firstTree);
			await().atMost(TIMEOUT).until(() -> script.longs("grandchildren").size() == 4);
		}
		// The service's shutdown stops the second tree the same way.
		Processes.assertGone(script.longs("grandchildren"));
		Processes.assertGone(script.pids());
	}

	@Test
	void aChildExitingAtOnceBacksOffWithGrowingDelaysReadinessDownLivenessUp() {
		ScriptChild script = ScriptChild.create(this.dir, "child", "exit 3");
		try (RunningService service = start(script)) {
			await().atMost(TIMEOUT).until(() -> startedAt(service).size() >= 4);
			List<Instant> starts = startedAt(service);
			// Newest first: each gap is longer than the one before it (backoff 200ms,
			// x2).
			Duration newer = Duration.between(starts.get(1), starts.get(0));
			Duration older = Duration.between(starts.get(2), starts.get(1));
			assertThat(newer).isGreaterThan(older);
			assertThat(older).isGreaterThanOrEqualTo(Duration.ofMillis(200));
			JsonNode exited = lastEvent(service, "EXITED");
			assertThat(exited.get("exitCode").asInt()).isEqualTo(3);
			assertThat(exited.get("detail").asString()).startsWith("failed start");
			assertThat(service.childState()).isIn("BACKOFF", "STARTING");
			assertThat(service.api().get("/actuator/health/readiness").status()).isEqualTo(503);
			assertThat(service.api().get("/actuator/health/liveness").status()).isEqualTo(200);
		}
		Processes.assertGone(script.pids());
	}

	@Test
	void aCommandThatDisappearsIsFatalWithReadinessDownUntilItIsBackAndRestarted() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", "trap 'exit 0' TERM\n" + IDLE);
		try (RunningService service = start(script)) {
			long first = awaitRunning(service, script);
			Path moved = Files.move(script.script(), this.dir.resolve("elsewhere.sh"));
			HttpAnswer answer = service.api().post("/api/child/restart");
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.json().get("state").asString()).isEqualTo("FATAL");
			assertThat(answer.json().get("pid").isNull()).isTrue();
			Processes.assertGone(List.of(first));
			JsonNode failed = lastEvent(service, "START_FAILED");
			assertThat(failed.get("detail").asString()).contains(script.command());
			assertThat(service.api().get("/actuator/health/readiness").status()).isEqualTo(503);
			assertThat(service.api().get("/actuator/health/liveness").status()).isEqualTo(200);
			// FATAL means no retries: nothing is spawned until someone asks again.
			await().during(Duration.ofMillis(700)).atMost(TIMEOUT).until(() -> script.pids().size() == 1);
			Files.move(moved, script.script());
			assertThat(service.api().post("/api/child/restart").json().get("state").asString()).isIn("STARTING",
					"RUNNING");
			awaitRunning(service, script);
		}
		Processes.assertGone(script.pids());
	}

	@Test
	void aChildWritingOneGibibyteToStdoutIsDrainedWhileTheServiceStaysResponsive() throws Exception {
		long bytes = 1L << 30;
		ScriptChild script = ScriptChild.create(this.dir, "child", "yes \"$(printf %099d 0)\" | head -c " + bytes);
		// Its own JVM, its log (1 GiB of child lines, 10.7 million of them) to /dev/null
		// as a runtime would drain it.
		// Full JIT: the hot path is the logging of every line.
		try (ServiceProcess service = ServiceProcess.start(null, List.of(),
				List.of("--flush-manager.child.command=" + script.command(),
						"--flush-manager.child.restart-policy=never", "--flush-manager.child.start-grace=200ms"))) {
			service.awaitReady(Duration.ofSeconds(60));
			List<Long> slowest = new ArrayList<>();
			JsonNode exited = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
				long start = System.nanoTime();
				HttpAnswer child = service.api().get("/api/child");
				long liveness = service.api().get("/actuator/health/liveness").status();
				assertThat(liveness).isEqualTo(200);
				if (!script.pids().isEmpty()) {
					slowest.add((System.nanoTime() - start) / 1_000_000);
				}
				for (JsonNode event : child.json().get("history")) {
					if ("EXITED".equals(event.get("type").asString())) {
						return event;
					}
				}
				return null;
			}, (event) -> event != null);
			// It can only have exited 0 once every byte was read out of its pipe.
			assertThat(exited.get("exitCode").asInt()).isZero();
			assertThat(slowest).as("answered while the child wrote").isNotEmpty();
			assertThat(slowest.stream().mapToLong(Long::longValue).max().orElseThrow()).as("slowest answer, ms")
				.isLessThan(5_000);
			service.signal("TERM");
			assertThat(service.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
		}
		Processes.assertGone(script.pids());
	}

	@Test
	void aChildThatExitsOnItsOwnWhileBeingStoppedIsOneStopAndOneNewChild() {
		// On SIGTERM it takes a moment and then fails: the exit arrives while the stop
		// waits for it.
		ScriptChild script = ScriptChild.create(this.dir, "child", "trap 'sleep 0.3; exit 5' TERM\n" + IDLE);
		try (RunningService service = start(script)) {
			long first = awaitRunning(service, script);
			long restarts = service.child().get("restartCount").asLong();
			HttpAnswer answer = service.api().post("/api/child/restart");
			assertThat(answer.status()).isEqualTo(200);
			Processes.assertGone(List.of(first));
			JsonNode stopped = lastEvent(service, "STOPPED");
			assertThat(stopped.get("pid").asLong()).isEqualTo(first);
			assertThat(stopped.get("exitCode").asInt()).isEqualTo(5);
			assertThat(stopped.get("reason").asString()).isEqualTo("MANUAL");
			assertThat(awaitRunning(service, script)).isEqualTo(answer.json().get("pid").asLong());
			// Not also taken for a crash: no second start, no backoff.
			await().during(Duration.ofMillis(700)).atMost(TIMEOUT).until(() -> script.pids().size() == 2);
			assertThat(events(service, "EXITED")).isEmpty();
			assertThat(service.child().get("restartCount").asLong()).isEqualTo(restarts + 1);
		}
		Processes.assertGone(script.pids());
	}

	@Test
	void restartsRacingAChildThatExitsByItselfNeverLeaveTwoChildren() {
		// Lives 0 to 300 ms, then fails: a restart finds it running, exiting, just gone
		// or in backoff.
		ScriptChild script = ScriptChild.create(this.dir, "child", "sleep 0.$(( $$ % 4 ))\nexit 1");
		try (RunningService service = start(script, "--flush-manager.child.backoff.initial=50ms",
				"--flush-manager.child.backoff.max=100ms")) {
			for (int i = 0; i < 30; i++) {
				HttpAnswer answer = service.api().post("/api/child/restart");
				assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
				assertThat(Processes.alive(script.pids())).as("live children after restart %d", i)
					.hasSizeLessThanOrEqualTo(1);
			}
			// The first child and one per restart, each once it has recorded itself.
			await().atMost(TIMEOUT).until(() -> script.pids().size() >= 31);
		}
		Processes.assertGone(script.pids());
	}

	static RunningService start(ScriptChild script, String... more) {
		List<String> args = new ArrayList<>(List.of("--flush-manager.child.command=" + script.command()));
		args.addAll(List.of(more));
		return RunningService.start(args);
	}

	/** Wait until the child runs and its script has recorded its PID; returns the PID. */
	static long awaitRunning(RunningService service, ScriptChild script) {
		JsonNode child = await().atMost(TIMEOUT)
			.until(service::child, (status) -> "RUNNING".equals(status.get("state").asString())
					&& script.pids().contains(status.get("pid").asLong()));
		return child.get("pid").asLong();
	}

	static List<JsonNode> events(RunningService service, String type) {
		List<JsonNode> events = new ArrayList<>();
		for (JsonNode event : service.child().get("history")) {
			if (type.equals(event.get("type").asString())) {
				events.add(event);
			}
		}
		return events;
	}

	static JsonNode lastEvent(RunningService service, String type) {
		List<JsonNode> events = events(service, type);
		assertThat(events).as("%s events", type).isNotEmpty();
		return events.get(0);
	}

	private static List<Instant> startedAt(RunningService service) {
		return events(service, "STARTED").stream().map((event) -> Instant.parse(event.get("at").asString())).toList();
	}

}
