package io.flushmanager.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.unit.DataSize;

import io.flushmanager.config.WatchProperties;
import io.flushmanager.config.WatchProperties.Compare;
import io.flushmanager.config.WatchProperties.MissingFile;
import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.reload.AppliedConfig;
import io.flushmanager.time.Ticker;
import io.flushmanager.watch.ChangeDebouncer;
import io.flushmanager.watch.ChangeDetector;
import io.flushmanager.watch.ChangeHistory;
import io.flushmanager.watch.ChangeOutcome;
import io.flushmanager.watch.ConfigWatcher;
import io.flushmanager.watch.ContentReader;
import io.flushmanager.watch.ContentRule;
import io.flushmanager.watch.NativeEventLoop;
import io.flushmanager.watch.SnapshotReader;
import io.flushmanager.watch.WatchServiceProvider;
import io.flushmanager.watch.WatchStatus;

/**
 * Cost of one polling cycle ({@link ConfigWatcher#poll()}: re-plan the native
 * registrations, then stat every file, hash those whose stat changed or whose hash is
 * racily clean or due for verification, compare) over many watched files in ConfigMap
 * layout, with the real watcher classes on the real filesystem. {@code --verify}
 * re-hashes every file on every cycle ({@code watch.verify-interval=0}): the cost of the
 * cycle the verify interval brings once a minute.
 * <p>
 * Run: {@code ./mvnw -q -o test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.flushmanager.bench.PollCycleBenchmark [-Dexec.args="[--verify] <files> <cycles>"]}
 */
public final class PollCycleBenchmark {

	private static final int KEYS_PER_CONFIG_MAP = 100;

	private PollCycleBenchmark() {
	}

	/**
	 * Poll-cycle durations in milliseconds.
	 *
	 * @param files how many files were watched
	 * @param bytes their total size
	 * @param millis one duration per measured cycle, sorted
	 * @param cpuMillis the polling thread's CPU time per measured cycle, sorted: unlike
	 * wall time, barely moved by other load on the machine (content reads run on reader
	 * threads and are not in it)
	 */
	record Result(int files, long bytes, List<Double> millis, List<Double> cpuMillis) {

	}

	public static void main(String[] args) throws Exception {
		List<String> rest = new ArrayList<>(List.of(args));
		boolean verify = rest.remove("--verify");
		int files = (rest.size() > 0) ? Integer.parseInt(rest.get(0)) : 1000;
		int cycles = (rest.size() > 1) ? Integer.parseInt(rest.get(1)) : 200;
		Duration verifyInterval = verify ? Duration.ZERO : Duration.ofMinutes(1);
		Result result = measure(Files.createTempDirectory("fm-poll"), files, cycles, verifyInterval);
		System.out.printf(Locale.ROOT,
				"poll cycle, %d files (%d KiB), verify-interval %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms; "
						+ "polling thread CPU p50 %.2f ms; load average %s%n",
				result.files(), result.bytes() / 1024, verify ? "0 (hash all)" : "1m",
				Stats.percentile(result.millis(), 50), Stats.percentile(result.millis(), 99),
				Stats.max(result.millis()), Stats.percentile(result.cpuMillis(), 50),
				Files.readString(Path.of("/proc/loadavg")).substring(0, 14));
		System.exit(0);
	}

	static Result measure(Path dir, int count, int cycles) throws Exception {
		return measure(dir, count, cycles, Duration.ofMinutes(1));
	}

	static Result measure(Path dir, int count, int cycles, Duration verifyInterval) throws Exception {
		((Logger) LoggerFactory.getLogger("io.flushmanager")).setLevel(Level.WARN);
		List<Path> paths = new ArrayList<>();
		long bytes = 0;
		for (int map = 0; paths.size() < count; map++) {
			Map<String, String> payload = new LinkedHashMap<>();
			for (int key = 0; key < KEYS_PER_CONFIG_MAP && paths.size() < count; key++) {
				String name = "key-" + key + ".conf";
				String content = ("map " + map + " key " + key + " ").repeat(20) + "\n";
				payload.put(name, content);
				bytes += content.length();
				paths.add(dir.resolve("cm-" + map).resolve(name));
			}
			new AtomicWriter(dir.resolve("cm-" + map)).writeText(payload);
		}
		Duration debounce = Duration.ofMillis(100);
		WatchProperties watch = new WatchProperties(paths, true, Duration.ofSeconds(5), debounce, Compare.CONTENT, 100,
				MissingFile.WAIT, DataSize.ofMegabytes(16), Duration.ofSeconds(2), verifyInterval);
		ChangeHistory history = new ChangeHistory(100);
		WatchStatus status = new WatchStatus();
		ChangeDebouncer debouncer = new ChangeDebouncer(debounce, Compare.CONTENT, history,
				(change) -> ChangeOutcome.reloaded(), new AppliedConfig(SnapshotReader.withDefaults()),
				new CustomizableThreadFactory("fm-confirm-"));
		ContentReader content = new ContentReader(watch.readTimeout(), new CustomizableThreadFactory("fm-read-"));
		SnapshotReader reader = new SnapshotReader(watch.maxFileSize(), content, verifyInterval, Clock.systemUTC(),
				Ticker.SYSTEM);
		ChangeDetector detector = new ChangeDetector(Compare.CONTENT, history, debouncer, Clock.systemUTC(), status,
				(event) -> {
				}, reader);
		NativeEventLoop events = new NativeEventLoop(WatchServiceProvider.JDK, detector, status,
				new CustomizableThreadFactory("fm-watch-events-"));
		ConfigWatcher watcher = new ConfigWatcher(watch, detector, debouncer, events, status);
		watcher.start();
		try {
			// Warm-up: JIT, and past the racy-clean window of the files just written (a
			// ConfigMap's files
			// are older than that in a pod: polling reads them again only when their stat
			// changes).
			long warmUntil = System.nanoTime() + ContentRule.TIMESTAMP_GRANULARITY.plusSeconds(1).toNanos();
			for (int i = 0; i < 50 || System.nanoTime() < warmUntil; i++) {
				watcher.poll();
			}
			List<Double> millis = new ArrayList<>();
			List<Double> cpuMillis = new ArrayList<>();
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			for (int i = 0; i < cycles; i++) {
				long cpu = threads.getCurrentThreadCpuTime();
				long start = System.nanoTime();
				watcher.poll();
				millis.add((System.nanoTime() - start) / 1e6);
				cpuMillis.add((threads.getCurrentThreadCpuTime() - cpu) / 1e6);
			}
			millis.sort(null);
			cpuMillis.sort(null);
			return new Result(paths.size(), bytes, millis, cpuMillis);
		}
		finally {
			watcher.stop();
			debouncer.close();
			content.close();
		}
	}

}
