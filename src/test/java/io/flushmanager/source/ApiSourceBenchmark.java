package io.flushmanager.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import io.flushmanager.support.RecordingChild;
import io.flushmanager.support.RunningService;
import io.flushmanager.support.Waits;

/**
 * API update to new child running: a ConfigMap edited through the API (fabric8 mock
 * server in CRUD mode), until the restarted child has read the new content. Debounce 100
 * ms, compare=content, restart strategy. Not part of the suite (no Test suffix).
 * <p>
 * Run:
 * {@code ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * -Dmdep.includeScope=test && java -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * io.flushmanager.source.ApiSourceBenchmark [updates]}
 */
public final class ApiSourceBenchmark {

	private ApiSourceBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int updates = (args.length > 0) ? Integer.parseInt(args[0]) : 100;
		Path dir = Files.createTempDirectory("fm-source-bench");
		KubernetesMockServer server = SourceFixture.crud();
		Map<String, String> client = Map.of("kubernetes.master", server.url("/"), "kubernetes.namespace", "test",
				"kubernetes.auth.tryKubeConfig", "false", "kubernetes.auth.tryServiceAccount", "false");
		client.forEach(System::setProperty);
		List<Double> millis = new ArrayList<>();
		int missed = 0;
		try (KubernetesClient api = SourceFixture.client(server.url("/"))) {
			api.configMaps()
				.inNamespace("test")
				.resource(new ConfigMapBuilder().withNewMetadata()
					.withName("app")
					.endMetadata()
					.withData(Map.of("app.conf", "v0"))
					.build())
				.create();
			RecordingChild child = RecordingChild.in(dir);
			Path conf = dir.resolve("api/configmap/app/app.conf");
			try (RunningService service = RunningService.start(List.of("--flush-manager.child.command=sh",
					"--flush-manager.child.args=" + child.script() + "," + conf + "," + child.record(),
					"--flush-manager.watch.debounce=100ms", "--flush-manager.source.kubernetes.enabled=true",
					"--flush-manager.source.kubernetes.dir=" + dir.resolve("api"),
					"--flush-manager.source.kubernetes.config-maps=app", "--logging.level.io.flushmanager=WARN"))) {
				waitFor(child, "v0", 30_000);
				for (int i = 1; i <= updates; i++) {
					String content = "v" + i;
					long start = System.nanoTime();
					api.configMaps().inNamespace("test").withName("app").edit((cm) -> {
						cm.getData().put("app.conf", content);
						return cm;
					});
					if (waitFor(child, content, 15_000)) {
						millis.add((System.nanoTime() - start) / 1e6);
					}
					else {
						missed++;
					}
				}
			}
		}
		finally {
			server.destroy();
		}
		Collections.sort(millis);
		System.out.printf(
				"API update -> new child running (debounce 100ms, fabric8 mock, %d updates, %d missed): "
						+ "p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
				updates, missed, pct(millis, 50), pct(millis, 90), pct(millis, 99),
				millis.isEmpty() ? Double.NaN : millis.get(millis.size() - 1));
		System.exit(0);
	}

	private static boolean waitFor(RecordingChild child, String content, long timeoutMillis) {
		return Waits.within(Duration.ofMillis(timeoutMillis),
				() -> child.last()
					.filter((entry) -> entry.event().equals("START") && entry.config().equals(content))
					.isPresent());
	}

	private static double pct(List<Double> sorted, int p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
	}

}
