package io.flushmanager.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.HttpMetricsScrape;
import io.flushmanager.support.RunningService;

import static org.awaitility.Awaitility.await;

/**
 * What a verified reload (reload.stage-dir + reload.verify.log-pattern) costs over a
 * plain one: the same shell child, the same updates, reload duration as the service
 * measures it ({@code flush_manager_reload_duration_seconds}: confirmed change to the
 * reload decided, verification included) and end to end (file written to history entry),
 * for the restart and the signal strategy.
 * <p>
 * Run: {@code ./mvnw -q -o test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.flushmanager.bench.VerifiedReloadBenchmark [-Dexec.args="<updates>"]}
 */
public final class VerifiedReloadBenchmark {

	// Prints "ready" as soon as it has read its config, and again on SIGHUP.
	private static final String CHILD = """
			conf="$1"
			show() { cat "$conf" > /dev/null; echo "ready"; }
			trap show HUP
			trap 'exit 0' TERM
			show
			while :; do sleep 1 & wait $!; done
			""";

	private VerifiedReloadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int updates = (args.length > 0) ? Integer.parseInt(args[0]) : 20;
		System.out.printf("%-8s %-9s %8s %12s %12s%n", "strategy", "mode", "updates", "reload_ms", "end2end_ms");
		for (String strategy : List.of("restart", "signal")) {
			for (boolean verified : List.of(false, true)) {
				double[] result = run(strategy, verified, updates);
				System.out.printf("%-8s %-9s %8d %12.1f %12.1f%n", strategy, verified ? "verified" : "plain", updates,
						result[0], result[1]);
			}
		}
		System.exit(0);
	}

	/** Mean reload duration and mean end-to-end time, in ms. */
	private static double[] run(String strategy, boolean verified, int updates) throws Exception {
		Path dir = Files.createTempDirectory("fm-verified-bench");
		Path script = Files.writeString(dir.resolve("child.sh"), CHILD);
		AtomicWriter kubelet = new AtomicWriter(dir.resolve("conf"));
		kubelet.writeText(Map.of("exporter.conf", "v0\n"));
		Path stage = dir.resolve("stage");
		Path conf = verified ? stage.resolve("exporter.conf") : dir.resolve("conf/exporter.conf");
		List<String> argv = new ArrayList<>(List.of("--flush-manager.watch.files=" + dir.resolve("conf/exporter.conf"),
				"--flush-manager.child.command=sh", "--flush-manager.child.args=" + script + "," + conf,
				"--flush-manager.reload.strategy=" + strategy, "--logging.level.root=WARN"));
		if (verified) {
			argv.addAll(List.of("--flush-manager.reload.stage-dir=" + stage,
					"--flush-manager.reload.verify.log-pattern=^ready$"));
		}
		double total = 0;
		try (RunningService service = RunningService.start(argv)) {
			await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(service.childState()));
			for (int i = 1; i <= updates; i++) {
				int seen = service.api().get("/api/watch/history").json().size();
				long start = System.nanoTime();
				kubelet.writeText(Map.of("exporter.conf", "v" + i + "\n"));
				await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
					var history = service.api().get("/api/watch/history").json();
					return history.size() > seen && !"PENDING".equals(history.get(0).get("action").asString());
				});
				total += (System.nanoTime() - start) / 1e6;
				await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(service.childState()));
			}
			HttpMetricsScrape metrics = HttpMetricsScrape.parse(service.api().get("/actuator/prometheus").body());
			double sum = metrics.sum("flush_manager_reload_duration_seconds_sum");
			double count = metrics.sum("flush_manager_reload_duration_seconds_count");
			return new double[] { sum / count * 1000, total / updates };
		}
	}

}
