package io.flushmanager.reload;

import java.io.IOException;
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
import com.sun.net.httpserver.HttpExchange;
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
 * starts at the rename itself ({@link AtomicWriter#committed}).
 * <p>
 * With {@code --peer COMMAND}, another watcher (configmap-reload, say) runs beside it in
 * the same run: {@code {dir}} and {@code {url}} in the command are replaced by its own
 * directory and webhook URL, and the updates alternate between the two directories, so
 * both see the same machine and neither competes with the other for a core. Issue #12
 * recorded 0.98 ms p50 for configmap-reload built from its public source.
 * <p>
 * Run: {@code java -cp target/test-classes:target/classes:<test classpath>
 * io.flushmanager.reload.HttpStrategyBenchmark [updates] [--peer COMMAND]} (default 200),
 * e.g. {@code --peer "configmap-reload --volume-dir={dir} --webhook-url={url}"}.
 */
public final class HttpStrategyBenchmark {

	private HttpStrategyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int updates = (args.length > 0 && !args[0].startsWith("--")) ? Integer.parseInt(args[0]) : 200;
		int peerArg = List.of(args).indexOf("--peer");
		String peerCommand = (peerArg >= 0) ? args[peerArg + 1] : null;
		((Logger) LoggerFactory.getLogger("io.flushmanager")).setLevel(Level.WARN);
		BlockingQueue<Long> received = new LinkedBlockingQueue<>();
		BlockingQueue<Long> peerReceived = new LinkedBlockingQueue<>();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/-/reload", (exchange) -> answer(exchange, received));
		server.createContext("/-/peer", (exchange) -> answer(exchange, peerReceived));
		server.start();
		String base = "http://127.0.0.1:" + server.getAddress().getPort();
		URI url = URI.create(base + "/-/reload");

		Path dir = Files.createTempDirectory("fm-http-bench");
		AtomicLong committedAt = new AtomicLong();
		AtomicWriter kubelet = stamping(dir, committedAt);
		kubelet.writeText(Map.of("exporter.conf", "v0"));
		Path peerDir = Files.createTempDirectory("fm-http-bench-peer");
		AtomicWriter peerKubelet = stamping(peerDir, committedAt);
		peerKubelet.writeText(Map.of("exporter.conf", "v0"));
		Process peer = (peerCommand != null) ? startPeer(peerCommand, peerDir, base + "/-/peer") : null;
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
		Samples ours = new Samples();
		Samples theirs = new Samples();
		try {
			for (int i = 1; i <= updates + 20; i++) {
				// The first 20 warm up the JIT, the HTTP client's connection and the
				// peer.
				boolean measured = i > 20;
				update(kubelet, i, received, committedAt, measured ? ours : null);
				if (peer != null) {
					if (!peer.isAlive()) {
						throw new IllegalStateException("the peer exited with code " + peer.exitValue());
					}
					update(peerKubelet, i, peerReceived, committedAt, measured ? theirs : null);
				}
			}
		}
		finally {
			watcher.stop();
			debouncer.close();
			if (peer != null) {
				peer.destroy();
				peer.waitFor(5, TimeUnit.SECONDS);
				peer.destroyForcibly();
			}
			server.stop(0);
		}
		double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		ours.print("http strategy, debounce 0", load);
		if (peer != null) {
			theirs.print("peer (" + peerCommand.split(" ")[0] + ")", load);
		}
		else {
			System.out.println("  (configmap-reload, recorded in #12: 0.98 ms p50 from the swap; --peer runs it here)");
		}
		System.exit(0);
	}

	/** A kubelet writer that stamps the moment of each rename onto {@code ..data}. */
	private static AtomicWriter stamping(Path dir, AtomicLong committedAt) {
		return new AtomicWriter(dir) {

			@Override
			protected void committed() {
				committedAt.set(System.nanoTime());
			}

		};
	}

	private static void update(AtomicWriter kubelet, int i, BlockingQueue<Long> received, AtomicLong committedAt,
			Samples samples) throws Exception {
		long start = System.nanoTime();
		kubelet.writeText(Map.of("exporter.conf", "v" + i));
		Long at = received.poll(10, TimeUnit.SECONDS);
		if (at == null) {
			if (samples != null) {
				samples.missed++;
			}
		}
		else if (samples != null) {
			samples.fromCall.add((at - start) / 1e6);
			samples.fromCommit.add((at - committedAt.get()) / 1e6);
		}
		// Pacing on purpose: the kubelet's clean-up of the previous swap's old directory
		// is not signalled, and an update inside it is not what the kubelet does.
		Thread.sleep(20);
		received.clear();
	}

	private static void answer(HttpExchange exchange, BlockingQueue<Long> received) throws IOException {
		received.add(System.nanoTime());
		exchange.getRequestBody().readAllBytes();
		exchange.sendResponseHeaders(200, -1);
		exchange.close();
	}

	private static Process startPeer(String command, Path dir, String url) throws IOException {
		List<String> words = new ArrayList<>();
		for (String word : command.trim().split("\\s+")) {
			words.add(word.replace("{dir}", dir.toString()).replace("{url}", url));
		}
		return new ProcessBuilder(words).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
	}

	/** One watcher's latencies, in ms. */
	private static final class Samples {

		final List<Double> fromCall = new ArrayList<>();

		final List<Double> fromCommit = new ArrayList<>();

		int missed;

		void print(String what, double load) {
			Collections.sort(this.fromCall);
			Collections.sort(this.fromCommit);
			System.out.printf(Locale.ROOT,
					"%s, %d updates: ..data swap -> webhook received p50 %.2f ms, p90 %.2f ms, p99 %.2f ms; "
							+ "missed %d; load average %.2f%n",
					what, this.fromCall.size(), percentile(this.fromCall, 50), percentile(this.fromCall, 90),
					percentile(this.fromCall, 99), this.missed, load);
			System.out.printf(Locale.ROOT,
					"  the same from the rename onto ..data (the writer's work before it left out): p50 %.2f ms, "
							+ "p90 %.2f ms, p99 %.2f ms%n",
					percentile(this.fromCommit, 50), percentile(this.fromCommit, 90), percentile(this.fromCommit, 99));
		}

	}

	private static double percentile(List<Double> sorted, int p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

}
