package io.flushmanager.bench;

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

import io.flushmanager.config.FlushManagerProperties.Compare;
import io.flushmanager.config.FlushManagerProperties.MissingFile;
import io.flushmanager.config.FlushManagerProperties.Watch;
import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.reload.AppliedConfig;
import io.flushmanager.watch.ChangeOutcome;
import io.flushmanager.watch.ChangeDebouncer;
import io.flushmanager.watch.ChangeDetector;
import io.flushmanager.watch.ChangeHistory;
import io.flushmanager.watch.ConfigWatcher;
import io.flushmanager.watch.NativeEventLoop;
import io.flushmanager.watch.WatchServiceProvider;
import io.flushmanager.watch.SnapshotReader;
import io.flushmanager.watch.WatchStatus;

/**
 * Cost of one polling cycle ({@link ConfigWatcher#poll()}: re-plan the native registrations, then
 * snapshot, hash and compare every file) over many watched files in ConfigMap layout, with the real
 * watcher classes on the real filesystem.
 * <p>
 * Run: {@code ./mvnw -q -o test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.flushmanager.bench.PollCycleBenchmark [-Dexec.args="<files> <cycles>"]}
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
	 */
	record Result(int files, long bytes, List<Double> millis) {

	}

	public static void main(String[] args) throws Exception {
		int files = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int cycles = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
		Result result = measure(Files.createTempDirectory("fm-poll"), files, cycles);
		System.out.printf(Locale.ROOT, "poll cycle, %d files (%d KiB): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
				result.files(), result.bytes() / 1024, Stats.percentile(result.millis(), 50),
				Stats.percentile(result.millis(), 99), Stats.max(result.millis()));
		System.exit(0);
	}

	static Result measure(Path dir, int count, int cycles) throws Exception {
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
		Watch watch = new Watch(paths, true, Duration.ofSeconds(5), debounce, Compare.CONTENT, 100, MissingFile.WAIT,
				DataSize.ofMegabytes(16), Duration.ofSeconds(2));
		ChangeHistory history = new ChangeHistory(100);
		WatchStatus status = new WatchStatus();
		ChangeDebouncer debouncer = new ChangeDebouncer(debounce, Compare.CONTENT, history,
				(change) -> ChangeOutcome.reloaded(), new AppliedConfig(SnapshotReader.withDefaults()), new CustomizableThreadFactory("fm-confirm-"));
		ChangeDetector detector = new ChangeDetector(Compare.CONTENT, history, debouncer, Clock.systemUTC(), status,
				(event) -> {
				});
		NativeEventLoop events = new NativeEventLoop(WatchServiceProvider.JDK, detector, status,
				new CustomizableThreadFactory("fm-watch-events-"));
		ConfigWatcher watcher = new ConfigWatcher(watch, detector, debouncer, events, status);
		watcher.start();
		try {
			for (int i = 0; i < 50; i++) {
				// Warm-up: JIT.
				watcher.poll();
			}
			List<Double> millis = new ArrayList<>();
			for (int i = 0; i < cycles; i++) {
				long start = System.nanoTime();
				watcher.poll();
				millis.add((System.nanoTime() - start) / 1e6);
			}
			millis.sort(null);
			return new Result(paths.size(), bytes, millis);
		}
		finally {
			watcher.stop();
			debouncer.close();
		}
	}

}
