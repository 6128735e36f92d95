package io.flushmanager.child;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.config.BackoffProperties;
import io.flushmanager.config.ChildProperties;
import io.flushmanager.config.ChildProperties.RestartPolicy;
import io.flushmanager.config.Signal;
import io.flushmanager.support.Processes;
import io.flushmanager.support.ScriptChild;
import io.flushmanager.time.Ticker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The parent-death signal: a child never outlives the thread that spawned it, nor a JVM
 * killed outright.
 */
class ParentDeathTest {

	@TempDir
	Path dir;

	@Test
	void theChildIsKilledWhenTheThreadThatSpawnedItEnds() throws Exception {
		ScriptChild script = Scripts.wellBehaved(this.dir);
		ChildLauncher launcher = ChildLauncher.detect(properties(script));
		assertThat(launcher.ownsProcessGroup()).as("setsid and setpriv are installed").isTrue();
		AtomicReference<Process> spawned = new AtomicReference<>();
		Thread thread = new Thread(() -> {
			try {
				Process process = launcher.spawn(launcher.resolve());
				spawned.set(process);
				// Once the script runs, setpriv has set the parent-death signal; only
				// then may this thread end.
				await().atMost(Harness.WAIT).until(() -> script.pids().contains(process.pid()));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, "short-lived-spawner");
		thread.start();
		thread.join();
		Process process = spawned.get();
		try {
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
		}
		finally {
			process.destroyForcibly();
		}
	}

	@Test
	void theChildDiesWithAJvmThatIsKilledOutright() throws Exception {
		ScriptChild script = Scripts.wellBehaved(this.dir);
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				classpath, "-Xshare:auto", "-XX:TieredStopAtLevel=1", Main.class.getName(), script.command())
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("jvm.log").toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> !script.pids().isEmpty() || !jvm.isAlive());
			assertThat(jvm.isAlive()).as("the JVM runs; its log:%n%s", script.read("jvm.log")).isTrue();
			long child = script.pids().get(0);
			assertThat(Processes.alive(child)).isTrue();
			jvm.destroyForcibly();
			assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
			await().atMost(Harness.WAIT).until(() -> !Processes.alive(child));
		}
		finally {
			jvm.destroyForcibly();
		}
	}

	private static ChildProperties properties(ScriptChild script) {
		return new ChildProperties("test", script.command(), List.of(), null, Map.of(), List.of(), true, Signal.TERM,
				Duration.ofSeconds(10), RestartPolicy.ALWAYS, Duration.ofMillis(100),
				new BackoffProperties(Duration.ofSeconds(1), Duration.ofSeconds(5), 2.0, Duration.ofMinutes(10)),
				ChildProperties.Output.LOG);
	}

	/** A JVM that supervises the script named by its argument until it is killed. */
	static final class Main {

		public static void main(String[] args) throws InterruptedException {
			ChildSupervisor supervisor = new ChildSupervisor(properties(ScriptChild.existing(Path.of(args[0]))),
					(pid, stream, line) -> {
					}, (code) -> {
					}, (event) -> {
					}, Clock.systemUTC(), Ticker.SYSTEM, StartGate.OPEN);
			supervisor.start();
			new CountDownLatch(1).await();
		}

	}

}
