package io.flushmanager.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

import io.flushmanager.support.ServiceProcess;

import static org.awaitility.Awaitility.await;

/**
 * Collection mode's throughput and latency on this machine: the service as its own
 * process, collecting alone into a {@code file://} target with zstd, fed a burst of files
 * at once. Prints files/s, MB/s (original and stored), and detection-to-DONE latency
 * (from the ledger's timestamps; it includes the settle time, given in the output).
 * <p>
 * Run (not part of the suite):
 * {@code ./mvnw -q -o test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt && java -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * io.flushmanager.bench.CollectBenchmark [small-files] [big-files] [big-MB]}
 */
public final class CollectBenchmark {

	private static final Duration SETTLE = Duration.ofMillis(200);

	private CollectBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int small = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int big = (args.length > 1) ? Integer.parseInt(args[1]) : 10;
		int bigMb = (args.length > 2) ? Integer.parseInt(args[2]) : 32;
		Path root = Files.createTempDirectory("fm-collect-bench-");
		try {
			run(root.resolve("paced"), 30, 256 * 1024, "paced", 500);
			run(root.resolve("small"), small, 16 * 1024, "small", 0);
			run(root.resolve("big"), big, bigMb << 20, "big", 0);
		}
		finally {
			try (Stream<Path> walk = Files.walk(root)) {
				walk.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
			}
		}
	}

	/**
	 * A burst (pauseMillis 0) measures throughput; paced drops measure latency without a
	 * queue.
	 */
	private static void run(Path root, int count, int size, String name, long pauseMillis) throws Exception {
		Path in = Files.createDirectories(root.resolve("in"));
		List<String> args = List.of("--flush-manager.collect.dirs=" + in,
				"--flush-manager.collect.state-dir=" + root.resolve("state"),
				"--flush-manager.collect.target=file://" + root.resolve("out"), "--flush-manager.collect.compress=zstd",
				"--flush-manager.collect.settle=" + SETTLE.toMillis() + "ms", "--flush-manager.watch.poll-interval=1s",
				"--logging.level.io.flushmanager.collect=WARN");
		try (ServiceProcess service = ServiceProcess.start(root.resolve("service.log"), List.of("-XX:+UseSerialGC"),
				args)) {
			service.awaitReady(Duration.ofSeconds(180));
			Random random = new Random(15);
			long started = System.nanoTime();
			for (int i = 0; i < count; i++) {
				Files.write(in.resolve("core." + i), coreLike(random, size));
				if (pauseMillis > 0) {
					// The arrival rate under test, not a wait for anything.
					Thread.sleep(pauseMillis);
				}
			}
			await().atMost(Duration.ofMinutes(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> done(service) >= count);
			double seconds = (System.nanoTime() - started) / 1e9;
			List<Double> latencies = new ArrayList<>();
			long stored = 0;
			for (JsonNode file : service.api().get("/api/collect/files").json()) {
				latencies.add(
						Duration
							.between(Instant.parse(file.get("discoveredAt").asString()),
									Instant.parse(file.get("updatedAt").asString()))
							.toMillis() / 1.0);
			}
			try (Stream<Path> out = Files.walk(root.resolve("out"))) {
				stored = out.filter(Files::isRegularFile).mapToLong((p) -> p.toFile().length()).sum();
			}
			latencies.sort(Double::compare);
			double mb = (double) count * size / (1 << 20);
			System.out.printf(Locale.ROOT,
					"%s: %d files x %d KiB in %.2f s: %.1f files/s, %.1f MB/s read, %.2f MB/s stored (zstd %.1fx); "
							+ "detection-to-DONE p50 %.0f ms, p99 %.0f ms (settle %d ms included)%n",
					name, count, size / 1024, seconds, count / seconds, mb / seconds, stored / (1 << 20) / seconds,
					mb * (1 << 20) / Math.max(1, stored), percentile(latencies, 0.5), percentile(latencies, 0.99),
					SETTLE.toMillis());
		}
	}

	private static long done(ServiceProcess service) {
		return service.api().get("/api/collect").json().get("counts").get("DONE").asLong();
	}

	/** Like a core: mostly zero pages, some random pages (heap), some repeated text. */
	private static byte[] coreLike(Random random, int size) {
		byte[] bytes = new byte[size];
		for (int page = 0; page * 4096 < size; page++) {
			int kind = random.nextInt(10);
			int from = page * 4096;
			int to = Math.min(size, from + 4096);
			if (kind < 2) {
				for (int i = from; i < to; i++) {
					bytes[i] = (byte) random.nextInt(256);
				}
			}
			else if (kind < 4) {
				byte[] text = "libc.so.6 /usr/lib/x86_64-linux-gnu GLIBC_2.34 main+0x1f ".getBytes();
				for (int i = from; i < to; i++) {
					bytes[i] = text[i % text.length];
				}
			}
		}
		return bytes;
	}

	private static double percentile(List<Double> sorted, double p) {
		return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
	}

}
