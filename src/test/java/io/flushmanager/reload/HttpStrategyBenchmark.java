package io.flushmanager.reload;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.unit.DataSize;

import io.flushmanager.config.WatchProperties;
import io.flushmanager.config.WatchProperties.Compare;
import io.flushmanager.config.WatchProperties.MissingFile;
import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.watch.ChangeDebouncer;
import io.flushmanager.watch.ChangeDetector;
import io.flushmanager.watch.ChangeHistory;
import io.flushmanager.watch.ConfigWatcher;
import io.flushmanager.watch.NativeEventLoop;
import io.flushmanager.watch.SnapshotReader;
import io.flushmanager.watch.WatchServiceProvider;
import io.flushmanager.watch.WatchStatus;

/**
 * The {@code http} strategy end to end with debounce 0: from a kubelet {@code ..data}
 * swap (the {@link AtomicWriter} call that commits it) to the webhook request arriving at
 * a server on loopback, with the real watcher classes and {@link HttpReloader}. The first
 * figure starts at the writer's call, so its work before the rename is in it; the second
 * starts at the rename itself ({@link AtomicWriter#onCommit}). configmap-reload's figure
 * to compare with (built from its public source on another machine, recorded in issue
 * #12): 0.98 ms p50.
 * <p>
 * Run: {@code java -cp target/test-classes:target/classes:<test classpath>
 * io.flushmanager.reload.HttpStrategyBenchmark [updates]} (default 200).
 */
public final class HttpStrategyBenchmark {

	private HttpStrategyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int updates = (args.length > 0) ? Integer.parseInt(args[0]) : 200;
		((Logger) LoggerFactory.getLogger("io.flushmanager")).setLevel(Level.WARN);
		BlockingQueue<Long> received = new LinkedBlockingQueue<>();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/-/reload", (exchange) -> {
			received.add(System.nanoTime());
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.start();
		URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/-/reload");

		Path dir = Files.createTempDirectory("fm-http-bench");
		AtomicLong committedAt = new AtomicLong();
		AtomicWriter kubelet = new AtomicWriter(dir).onCommit(() -> committedAt.set(System.nanoTime()));
		kubelet.writeText(Map.of("exporter.conf", "v0"));
		Path file = dir.resolve("exporter.conf");
		Duration debounce = Duration.ZERO;
		WatchProperties watch = new WatchProperties(List.of(file), true, Duration.ofSeconds(5), debounce,
				Compare.CONTENT, 100, MissingFile.WAIT, DataSize.ofMegabytes(16), Duration.ofSeconds(2),
				Duration.ofMinutes(1));
		HttpReloader reloader = new HttpReloader(url, "POST", Duration.ofSeconds(2), 0);
		ChangeHistory history = new ChangeHistory(100);
		WatchStatus status = new WatchStatus();
		ChangeDebouncer debouncer = new ChangeDebouncer(debounce, Compare.CONTENT, history, reloader::reload,
				new AppliedConfig(SnapshotReader.withDefaults()), new CustomizableThreadFactory("fm-confirm-"));
		ChangeDetector detector = new ChangeDetector(Compare.CONTENT, history, debouncer, Clock.systemUTC(), status,
				(event) -> {
				});
		NativeEventLoop events = new NativeEventLoop(WatchServiceProvider.JDK, detector, status,
				new CustomizableThreadFactory("fm-watch-events-"));
		ConfigWatcher watcher = new ConfigWatcher(watch, detector, debouncer, events, status);
		watcher.start();
		List<Double> millis = new ArrayList<>();
		List<Double> fromCommit = new ArrayList<>();
		int missed = 0;
		try {
			for (int i = 1; i <= updates + 20; i++) {
				long start = System.nanoTime();
				kubelet.writeText(Map.of("exporter.conf", "v" + i));
				Long at = received.poll(10, TimeUnit.SECONDS);
				if (at == null) {
					missed++;
				}
				else if (i > 20) {
					// The first 20 warm up the JIT and the HTTP client's connection.
					millis.add((at - start) / 1e6);
					fromCommit.add((at - committedAt.get()) / 1e6);
				}
				// Pacing on purpose: the kubelet's clean-up of the previous swap's old
				// directory is not signalled, and an update inside it is not what the
				// kubelet does.
				Thread.sleep(20);
				received.clear();
			}
		}
		finally {
			watcher.stop();
			debouncer.close();
			server.stop(0);
		}
		Collections.sort(millis);
		Collections.sort(fromCommit);
		System.out.printf(Locale.ROOT,
				"http strategy, debounce 0, %d updates: ..data swap -> webhook received p50 %.2f ms, p90 %.2f ms, "
						+ "p99 %.2f ms; missed %d; load average %.2f (configmap-reload, recorded: 0.98 ms p50)%n",
				millis.size(), percentile(millis, 50), percentile(millis, 90), percentile(millis, 99), missed,
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		System.out.printf(Locale.ROOT,
				"  the same from the rename onto ..data (the writer's work before it left out): p50 %.2f ms, "
						+ "p90 %.2f ms, p99 %.2f ms%n",
				percentile(fromCommit, 50), percentile(fromCommit, 90), percentile(fromCommit, 99));
		System.exit(0);
	}

	private static double percentile(List<Double> sorted, int p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

}
