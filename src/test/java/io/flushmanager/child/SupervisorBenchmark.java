package io.flushmanager.child;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

import io.flushmanager.config.BackoffProperties;
import io.flushmanager.config.ChildProperties;
import io.flushmanager.config.ChildProperties.RestartPolicy;
import io.flushmanager.config.Signal;
import io.flushmanager.support.Processes;
import io.flushmanager.time.Ticker;

import static org.awaitility.Awaitility.await;

/**
 * Measures the supervisor's own cost of a restart and checks that restarts leak nothing.
 * Not a test: run
 * {@code ./mvnw -q -o test-compile org.codehaus.mojo:exec-maven-plugin:3.6.4:java
 * -Dexec.mainClass=io.flushmanager.child.SupervisorBenchmark -Dexec.classpathScope=test [-Dexec.args=N]}
 * (N restarts, default 100). The child is a bash script that records
 * {@code $EPOCHREALTIME} and then execs {@code sleep}, which dies at once on SIGTERM.
 * <p>
 * Overhead of one restart = (restart request → new child spawned) − (old child's own
 * shutdown: stop signal sent → exit seen). "Spawned" is when
 * {@code ProcessBuilder.start()} returned (the JDK returns once the new process has
 * exec'd); the second figure uses the script's first command instead, so it also holds
 * setsid/setpriv/bash start-up.
 */
public final class SupervisorBenchmark {

	private SupervisorBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int restarts = (args.length > 0) ? Integer.parseInt(args[0]) : 100;
		((Logger) LoggerFactory.getLogger("io.flushmanager")).setLevel(Level.WARN);
		Path dir = Files.createTempDirectory("fm-benchmark");
		Path starts = dir.resolve("starts.log");
		Path script = dir.resolve("child.sh");
		Files.writeString(script, "#!/bin/bash\necho \"$EPOCHREALTIME\" >> '" + starts + "'\nexec sleep 1000\n");
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		ChildProperties properties = new ChildProperties("bench", script.toString(), List.of(), null, Map.of(),
				List.of(), true, Signal.TERM, Duration.ofSeconds(10), RestartPolicy.ALWAYS, Duration.ZERO,
				new BackoffProperties(Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, Duration.ofMinutes(10)),
				ChildProperties.Output.LOG);
		Probe probe = new Probe();
		ChildSupervisor supervisor = new ChildSupervisor(properties, ChildLauncher.detect(properties),
				ProcessTree.detect(Ticker.SYSTEM), (pid, stream, line) -> {
				}, (code) -> {
				}, (event) -> {
				}, Clock.systemUTC(), Ticker.SYSTEM, probe, StartGate.OPEN);
		supervisor.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> lines(starts) == 1);
		for (int i = 0; i < 10; i++) {
			// Warm-up: JIT, the JDK's process reaper pool.
			restart(supervisor, probe, starts);
		}
		Resources before = Resources.now();
		List<Sample> samples = new ArrayList<>();
		for (int i = 0; i < restarts; i++) {
			samples.add(restart(supervisor, probe, starts));
		}
		Resources after = Resources.now();
		supervisor.stop();
		Resources stopped = Resources.now();

		System.out.printf(Locale.ROOT,
				"%nflush-manager supervisor benchmark: %d restarts, JDK %s, %d CPUs, child: bash -> exec sleep%n",
				restarts, Runtime.version(), Runtime.getRuntime().availableProcessors());
		System.out.printf(Locale.ROOT, "%n%-52s %8s %8s %8s%n", "per restart (ms)", "p50", "p99", "max");
		print("old child's shutdown (SIGTERM -> exit seen)", samples.stream().map(Sample::shutdown).toList());
		print("request -> new child spawned", samples.stream().map(Sample::toSpawn).toList());
		print("overhead: request -> spawned, minus shutdown", samples.stream().map(Sample::overhead).toList());
		print("overhead: request -> script's 1st command, minus shutdown",
				samples.stream().map(Sample::overheadToScript).toList());
		System.out.printf(Locale.ROOT, "%n%-34s %8s %8s %13s%n", "JVM resources", "before", "after", "after stop()");
		System.out.printf(Locale.ROOT, "%-34s %8d %8d %13d%n", "threads", before.threads(), after.threads(),
				stopped.threads());
		System.out.printf(Locale.ROOT, "%-34s %8d %8d %13d%n", "open file descriptors", before.fds(), after.fds(),
				stopped.fds());
		System.out.printf(Locale.ROOT, "%-34s %8d %8d %13d%n", "live processes descended from JVM", before.processes(),
				after.processes(), stopped.processes());
		System.out.printf(Locale.ROOT, "%-34s %8s %8s %13s%n", "thread groups (by name)", "", "", "");
		for (String name : union(before.names(), after.names(), stopped.names())) {
			System.out.printf(Locale.ROOT, "  %-32s %8d %8d %13d%n", name, before.names().getOrDefault(name, 0),
					after.names().getOrDefault(name, 0), stopped.names().getOrDefault(name, 0));
		}
		System.exit(0);
	}

	private static Sample restart(ChildSupervisor supervisor, Probe probe, Path starts) throws Exception {
		int linesBefore = lines(starts);
		Instant wallBefore = Instant.now();
		long before = System.nanoTime();
		supervisor.restart(RestartReason.MANUAL).get(30, TimeUnit.SECONDS);
		long spawned = probe.lastSpawnNanos;
		StopResult stop = probe.lastStop;
		await().atMost(Duration.ofSeconds(30)).until(() -> lines(starts) > linesBefore);
		Instant scriptRan = epochRealtime(Files.readAllLines(starts).get(linesBefore));
		long shutdown = stop.exitSeenNanos() - stop.signalledNanos();
		return new Sample(shutdown, spawned - before, Duration.between(wallBefore, scriptRan).toNanos());
	}

	private static Instant epochRealtime(String text) {
		String[] parts = text.strip().split("[.,]");
		return Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]) * 1000);
	}

	private static int lines(Path file) throws IOException {
		return Files.exists(file) ? Files.readAllLines(file).size() : 0;
	}

	private static void print(String label, List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		System.out.printf(Locale.ROOT, "%-52s %8.2f %8.2f %8.2f%n", label, percentile(sorted, 50) / 1e6,
				percentile(sorted, 99) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
	}

	private static long percentile(List<Long> sorted, int p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index));
	}

	@SafeVarargs
	private static List<String> union(Map<String, Integer>... maps) {
		return Arrays.stream(maps).flatMap((map) -> map.keySet().stream()).distinct().sorted().toList();
	}

	/**
	 * What the supervisor's probe saw last; written on its thread, read after the
	 * restart's future.
	 */
	private static final class Probe implements SupervisorProbe {

		volatile long lastSpawnNanos;

		volatile StopResult lastStop;

		@Override
		public void spawned(long nanos) {
			this.lastSpawnNanos = nanos;
		}

		@Override
		public void stopped(StopResult result) {
			this.lastStop = result;
		}

	}

	private record Sample(long shutdown, long toSpawn, long toScript) {

		long overhead() {
			return this.toSpawn - this.shutdown;
		}

		long overheadToScript() {
			return this.toScript - this.shutdown;
		}

	}

	private record Resources(int threads, long fds, long processes, Map<String, Integer> names) {

		static Resources now() throws IOException {
			Map<String, Integer> names = new TreeMap<>();
			for (Thread thread : Thread.getAllStackTraces().keySet()) {
				names.merge(thread.getName().replaceAll("[0-9]+", "N"), 1, Integer::sum);
			}
			long fds;
			try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
				fds = entries.count();
			}
			return new Resources(ManagementFactory.getThreadMXBean().getThreadCount(), fds, Processes.jvmDescendants(),
					names);
		}

	}

}
