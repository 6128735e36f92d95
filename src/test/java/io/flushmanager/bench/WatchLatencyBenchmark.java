package io.flushmanager.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.unit.DataSize;

import io.flushmanager.config.WatchProperties;
import io.flushmanager.config.WatchProperties.Compare;
import io.flushmanager.config.WatchProperties.MissingFile;
import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.reload.AppliedConfig;
import io.flushmanager.watch.ChangeDebouncer;
import io.flushmanager.watch.ChangeDetector;
import io.flushmanager.watch.ChangeHistory;
import io.flushmanager.watch.ChangeOutcome;
import io.flushmanager.watch.ConfigWatcher;
import io.flushmanager.watch.NativeEventLoop;
import io.flushmanager.watch.SnapshotReader;
import io.flushmanager.watch.WatchServiceProvider;
import io.flushmanager.watch.WatchStatus;

/**
 * Measures the delay from a kubelet {@code ..data} swap to the confirmed change, with the
 * real watcher classes on the real filesystem.
 * <p>
 * Run: {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.flushmanager.bench.WatchLatencyBenchmark [-Dexec.args="<updates> <debounce-ms>"]}
 */
public final class WatchLatencyBenchmark {

	private WatchLatencyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int updates = (args.length > 0) ? Integer.parseInt(args[0]) : 100;
		Duration debounce = Duration.ofMillis((args.length > 1) ? Long.parseLong(args[1]) : 100);
		Path dir = Files.createTempDirectory("fm-bench");
		AtomicWriter kubelet = new AtomicWriter(dir);
		kubelet.writeText(Map.of("exporter.conf", "v0"));
		Path file = dir.resolve("exporter.conf");

		BlockingQueue<Long> confirmed = new LinkedBlockingQueue<>();
		WatchProperties watch = new WatchProperties(List.of(file), true, Duration.ofSeconds(5), debounce,
				Compare.CONTENT, 100, MissingFile.WAIT, DataSize.ofMegabytes(16), Duration.ofSeconds(2),
				Duration.ofMinutes(1));
		ChangeHistory history = new ChangeHistory(100);
		WatchStatus status = new WatchStatus();
		ChangeDebouncer debouncer = new ChangeDebouncer(debounce, Compare.CONTENT, history, (change) -> {
			confirmed.add(System.nanoTime());
			return ChangeOutcome.reloaded();
		}, new AppliedConfig(SnapshotReader.withDefaults()), new CustomizableThreadFactory("fm-confirm-"));
		ChangeDetector detector = new ChangeDetector(Compare.CONTENT, history, debouncer, Clock.systemUTC(), status,
				(event) -> {
				});
		NativeEventLoop events = new NativeEventLoop(WatchServiceProvider.JDK, detector, status,
				new CustomizableThreadFactory("fm-watch-events-"));
		ConfigWatcher watcher = new ConfigWatcher(watch, detector, debouncer, events, status);
		watcher.start();
		ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
		poller.scheduleWithFixedDelay(watcher::poll, 5, 5, TimeUnit.SECONDS);

		List<Double> millis = new ArrayList<>();
		int missed = 0;
		for (int i = 1; i <= updates; i++) {
			long start = System.nanoTime();
			kubelet.writeText(Map.of("exporter.conf", "v" + i));
			Long at = confirmed.poll(debounce.toMillis() + 10_000, TimeUnit.MILLISECONDS);
			if (at == null) {
				missed++;
				continue;
			}
			millis.add((at - start) / 1_000_000.0);
		}
		// Anything confirmed after the loop would be an extra reaction to an update
		// already counted.
		Long extra = confirmed.poll(debounce.toMillis() * 3 + 500, TimeUnit.MILLISECONDS);
		watcher.stop();
		debouncer.close();
		poller.shutdownNow();

		Collections.sort(millis);
		System.out.printf("kubelet ..data swap -> confirmed change, debounce %d ms, %d updates%n", debounce.toMillis(),
				updates);
		System.out.printf("  median %.1f ms | p90 %.1f ms | p99 %.1f ms | worst %.1f ms | best %.1f ms%n",
				percentile(millis, 50), percentile(millis, 90), percentile(millis, 99), millis.get(millis.size() - 1),
				millis.get(0));
		System.out.printf("  overhead beyond debounce: median %.1f ms, worst %.1f ms%n",
				percentile(millis, 50) - debounce.toMillis(), millis.get(millis.size() - 1) - debounce.toMillis());
		System.out.printf("  missed %d, extra %d, watch errors %d%n", missed, (extra != null) ? 1 : 0, status.errors());
	}

	private static double percentile(List<Double> sorted, int p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

}
