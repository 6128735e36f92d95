package io.flushmanager.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.Processes;
import io.flushmanager.support.RunningService;
import io.flushmanager.support.ScriptChild;
import io.flushmanager.support.ServiceProcess;

import static io.flushmanager.fault.ChildFaultTest.IDLE;
import static io.flushmanager.fault.ChildFaultTest.TIMEOUT;
import static io.flushmanager.fault.ChildFaultTest.awaitRunning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault injection, the service side: many callers at once, a change racing a restart, and
 * the service's own JVM signalled or killed in the middle of its work.
 */
class ServiceFaultTest {

	private static final int CALLERS = 50;

	/** Takes a second to stop, so that what the test does next lands inside the stop. */
	private static final String SLOW_TO_STOP = "trap 'sleep 1; exit 0' TERM\n" + IDLE;

	@TempDir
	Path dir;

	@Test
	void fiftyConcurrentRestartCallsShareOneRestartAndLeaveOneChild() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", SLOW_TO_STOP);
		ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
		try (RunningService service = RunningService
			.start(List.of("--flush-manager.child.command=" + script.command()))) {
			long first = awaitRunning(service, script);
			long restarts = service.child().get("restartCount").asLong();
			CountDownLatch go = new CountDownLatch(1);
			List<Future<HttpAnswer>> answers = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				answers.add(callers.submit(() -> {
					go.await();
					return service.api().post("/api/child/restart");
				}));
			}
			go.countDown();
			List<JsonNode> bodies = new ArrayList<>();
			for (Future<HttpAnswer> answer : answers) {
				HttpAnswer done = answer.get(60, TimeUnit.SECONDS);
				assertThat(done.status()).as(done.toString()).isEqualTo(200);
				bodies.add(done.json());
			}
			assertThat(bodies).as("every caller got the same answer").containsOnly(bodies.get(0));
			assertThat(bodies.get(0).get("previousPid").asLong()).isEqualTo(first);
			long second = bodies.get(0).get("pid").asLong();
			assertThat(awaitRunning(service, script)).isEqualTo(second);
			assertThat(Processes.alive(script.pids())).containsExactly(second);
			assertThat(service.child().get("restartCount").asLong()).isEqualTo(restarts + 1);
		}
		finally {
			callers.shutdownNow();
		}
		Processes.assertGone(script.pids());
	}

	@Test
	void aConfigChangeDuringARestartEndsWithOneChildOnTheNewContent() throws Exception {
		AtomicWriter kubelet = new AtomicWriter(this.dir.resolve("conf"));
		kubelet.writeText(Map.of("exporter.conf", "v0"));
		Path file = this.dir.resolve("conf").resolve("exporter.conf");
		ScriptChild script = ScriptChild.create(this.dir, "child",
				"echo \"$$ $(cat \"$1\")\" >> \"$DIR/starts\"\n" + SLOW_TO_STOP);
		ExecutorService caller = Executors.newSingleThreadExecutor();
		try (RunningService service = RunningService.start(List.of("--flush-manager.child.command=" + script.command(),
				"--flush-manager.child.args[0]=" + file, "--flush-manager.watch.files[0]=" + file))) {
			awaitRunning(service, script);
			Future<HttpAnswer> restart = caller.submit(() -> service.api().post("/api/child/restart"));
			await().atMost(TIMEOUT)
				.pollInterval(Duration.ofMillis(10))
				.until(() -> "STOPPING".equals(service.childState()));
			kubelet.writeText(Map.of("exporter.conf", "v1"));
			assertThat(restart.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
			await().atMost(TIMEOUT)
				.until(() -> lastStart(script).endsWith(" v1") && "RUNNING".equals(service.childState()));
			// Settled: no further restart for the same change.
			int starts = starts(script).size();
			await().during(Duration.ofSeconds(1)).atMost(TIMEOUT).until(() -> starts(script).size() == starts);
			List<String> contents = starts(script).stream()
				.map((line) -> line.substring(line.indexOf(' ') + 1))
				.toList();
			assertThat(contents.get(0)).isEqualTo("v0");
			assertThat(contents).as("the new content was started once").filteredOn("v1"::equals).hasSize(1);
			long last = Long.parseLong(lastStart(script).split(" ")[0]);
			assertThat(Processes.alive(script.pids())).containsExactly(last);
			JsonNode change = service.api().get("/api/watch/history").json().get(0);
			assertThat(change.get("action").asString()).isEqualTo("RELOADED");
		}
		finally {
			caller.shutdownNow();
		}
		Processes.assertGone(script.pids());
	}

	@Test
	void sigtermDuringARestartStopsTheWholeTreeAndEndsTheService() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", """
				sh -c 'trap "" TERM; echo $$ >> "$DIR/grandchildren"; while :; do sleep 1; done' &
				""" + SLOW_TO_STOP);
		ExecutorService caller = Executors.newSingleThreadExecutor();
		try (ServiceProcess service = ServiceProcess.start(this.dir.resolve("service.log"),
				List.of("--flush-manager.child.command=" + script.command(), "--flush-manager.child.stop-timeout=3s",
						"--flush-manager.child.start-grace=200ms"))) {
			service.awaitReady(Duration.ofSeconds(90));
			await().atMost(TIMEOUT).until(() -> script.longs("grandchildren").size() == 1);
			Future<Integer> restart = caller.submit(() -> {
				try {
					return service.api().post("/api/child/restart").status();
				}
				catch (RuntimeException ex) {
					// The service may close the connection while it shuts down.
					return -1;
				}
			});
			await().atMost(TIMEOUT)
				.pollInterval(Duration.ofMillis(10))
				.until(() -> "STOPPING".equals(service.api().get("/api/child").json().get("state").asString()));
			service.signal("TERM");
			assertThat(service.process().waitFor(60, TimeUnit.SECONDS)).as("the service ended").isTrue();
			// 143 is 128 + SIGTERM: the JVM ran its shutdown and ended on the signal, as
			// Spring Boot does.
			assertThat(service.process().exitValue()).as(service.log()).isEqualTo(143);
			assertThat(restart.get(60, TimeUnit.SECONDS)).isIn(200, 503, -1);
			Processes.assertGone(script.pids());
			Processes.assertGone(script.longs("grandchildren"));
			assertThat(service.log())
				.contains("Child process (PID: " + script.pids().get(script.pids().size() - 1) + ")");
		}
		finally {
			caller.shutdownNow();
		}
	}

	@Test
	void theChildDiesWithAServiceKilledOutright() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child", "trap 'exit 0' TERM\n" + IDLE);
		try (ServiceProcess service = ServiceProcess.start(this.dir.resolve("service.log"), List
			.of("--flush-manager.child.command=" + script.command(), "--flush-manager.child.start-grace=200ms"))) {
			service.awaitReady(Duration.ofSeconds(90));
			long child = script.pids().get(0);
			assertThat(Processes.alive(child)).isTrue();
			service.signal("KILL");
			assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
			// The parent-death signal (setpriv --pdeathsig KILL) ends it: no orphan.
			await().atMost(TIMEOUT).until(() -> !Processes.alive(child));
			assertThat(Files.readString(this.dir.resolve("service.log")))
				.contains("Child process started with PID: " + child);
		}
	}

	private static List<String> starts(ScriptChild script) {
		return script.read("starts").lines().filter((line) -> !line.isBlank()).toList();
	}

	private static String lastStart(ScriptChild script) {
		List<String> starts = starts(script);
		return starts.isEmpty() ? "" : starts.get(starts.size() - 1);
	}

}
