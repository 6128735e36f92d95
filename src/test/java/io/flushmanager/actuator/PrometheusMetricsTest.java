package io.flushmanager.actuator;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.HttpApi;
import io.flushmanager.support.HttpMetricsScrape;
import io.flushmanager.support.HttpServiceBase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus} after a known sequence (start, two kubelet updates, one
 * manual restart) has every metric of SPEC section 7 with the expected values, bounded
 * labels, the JVM and process metrics, and passes {@code promtool check metrics} where
 * promtool is installed.
 */
class PrometheusMetricsTest extends HttpServiceBase {

	private static final Set<String> LABELS = Set.of("path", "source", "strategy", "result", "reason", "le", "version",
			"revision", "java_version");

	@Test
	void everyMetricHasTheExpectedValueAfterAKnownSequence() throws Exception {
		HttpApi api = new HttpApi(this.port);
		String path = fixture.file().toString();
		awaitRunning(api);
		HttpMetricsScrape start = scrape(api);
		assertThat(start.sum("flush_manager_config_changes_total", "path", path)).isZero();
		assertThat(start.samples("flush_manager_config_changes_total", "path", path))
			.extracting((sample) -> sample.labels().get("source"))
			.containsExactlyInAnyOrder("event", "poll");
		assertThat(start.sum("flush_manager_reloads_total", "strategy", "restart")).isZero();
		assertThat(start.sum("flush_manager_child_restarts_total")).isZero();
		assertThat(start.sum("flush_manager_reload_duration_seconds_count")).isZero();

		for (int update = 1; update <= 2; update++) {
			fixture.update("metrics " + update + "\n");
			int reloads = update;
			await().atMost(TIMEOUT)
				.until(() -> scrape(api).sum("flush_manager_reloads_total", "result", "reloaded") == reloads);
		}
		awaitRunning(api);
		HttpAnswer restart = api.post("/api/child/restart");
		assertThat(restart.status()).as(restart.toString()).isEqualTo(200);
		awaitRunning(api);

		HttpMetricsScrape end = scrape(api);
		assertThat(end.sum("flush_manager_config_changes_total", "path", path)).isEqualTo(2.0);
		assertThat(end.sum("flush_manager_reloads_total", "strategy", "restart", "result", "reloaded")).isEqualTo(2.0);
		assertThat(end.sum("flush_manager_reloads_total", "result", "validation_failed")).isZero();
		assertThat(end.sum("flush_manager_reloads_total", "result", "reload_failed")).isZero();
		assertThat(end.sum("flush_manager_child_restarts_total", "reason", "config_change")).isEqualTo(2.0);
		assertThat(end.sum("flush_manager_child_restarts_total", "reason", "manual")).isEqualTo(1.0);
		assertThat(end.sum("flush_manager_child_restarts_total", "reason", "crash")).isZero();
		assertThat(end.sum("flush_manager_child_up")).isEqualTo(1.0);
		assertThat(end.sum("flush_manager_reload_duration_seconds_count")).isEqualTo(2.0);
		assertThat(end.sum("flush_manager_reload_duration_seconds_sum")).isPositive();
		assertThat(end.sum("flush_manager_reload_duration_seconds_max")).isPositive();
		assertThat(end.sum("flush_manager_watch_errors_total")).isZero();
		assertThat(end.sum("flush_manager_watch_events_lost_total")).isZero();
		assertThat(end.sum("flush_manager_watch_native_events")).isEqualTo(1.0);
		assertThat(end.sum("flush_manager_reload_last_success")).isEqualTo(1.0);
		assertThat(end.sum("flush_manager_config_in_sync")).isEqualTo(1.0);
		assertThat(end.samples("flush_manager_build_info")).hasSize(1);
		// Values that name a state, result, reason, strategy or source are lower-case
		// snake case.
		assertThat(end.samplesStartingWith("flush_manager_"))
			.allSatisfy((sample) -> sample.labels().forEach((label, value) -> {
				if (Set.of("source", "strategy", "result", "reason").contains(label)) {
					assertThat(value).as(sample.toString()).matches("[a-z]+(_[a-z]+)*");
				}
			}));
		JsonNode file = api.get("/api/watch").json().get("files").get(0);
		double lastChange = Instant.parse(file.get("lastChangeAt").asString()).toEpochMilli() / 1000.0;
		assertThat(end.sum("flush_manager_config_last_change_timestamp_seconds", "path", path)).isCloseTo(lastChange,
				within(0.001));
		// Bounded labels: only the configured path, and no hash or PID anywhere.
		assertThat(end.samples("flush_manager_config_changes_total")).allSatisfy((sample) -> {
			assertThat(sample.labels().get("path")).isEqualTo(path);
		});
		assertThat(end.samplesStartingWith("flush_manager_")).hasSizeGreaterThan(15)
			.allSatisfy((sample) -> assertThat(LABELS).containsAll(sample.labels().keySet()));
		// The standard JVM and process metrics stay on.
		assertThat(end.samples("jvm_memory_used_bytes")).isNotEmpty();
		assertThat(end.samples("process_uptime_seconds")).isNotEmpty();
		assertThat(end.samples("process_cpu_usage")).isNotEmpty();
		promtoolAccepts(end.text());
	}

	private static void promtoolAccepts(String metrics) throws IOException, InterruptedException {
		Optional<Path> promtool = onPath("promtool");
		if (promtool.isEmpty()) {
			// Debian package "prometheus"; without it this one check is skipped, the rest
			// of the test is not.
			System.out.println("promtool not on PATH: skipping 'promtool check metrics'");
			return;
		}
		// Ours pass every lint.
		String ours = metrics.lines()
			.filter((line) -> line.startsWith("flush_manager_") || line.startsWith("# HELP flush_manager_")
					|| line.startsWith("# TYPE flush_manager_"))
			.collect(Collectors.joining("\n", "", "\n"));
		PromtoolResult own = promtool(promtool.get(), ours);
		assertThat(own.exitCode()).as("promtool check metrics on flush_manager_* said:\n" + own.output()).isZero();
		// The whole scrape parses. promtool 2.42 exits 1 on a format error and 3 on lint
		// findings only; the
		// standard JVM, process and Tomcat meters of Micrometer have some (no help text,
		// "_ms" in a name).
		PromtoolResult all = promtool(promtool.get(), metrics);
		assertThat(all.exitCode()).as("promtool check metrics said:\n" + all.output()).isIn(0, 3);
		assertThat(all.output()).doesNotContain("error while linting").doesNotContain("flush_manager_");
	}

	private static PromtoolResult promtool(Path promtool, String metrics) throws IOException, InterruptedException {
		Path input = Files.createTempFile(dir, "scrape", ".txt");
		Files.writeString(input, metrics);
		Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(input.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new PromtoolResult(check.exitValue(), output);
	}

	private record PromtoolResult(int exitCode, String output) {

	}

	private static Optional<Path> onPath(String tool) {
		String path = System.getenv("PATH");
		return (path != null) ? Arrays.stream(path.split(File.pathSeparator))
			.map((entry) -> Path.of(entry, tool))
			.filter(Files::isExecutable)
			.findFirst() : Optional.empty();
	}

	private static void awaitRunning(HttpApi api) {
		await().atMost(TIMEOUT).until(() -> "RUNNING".equals(api.get("/api/child").json().get("state").asString()));
	}

	private static HttpMetricsScrape scrape(HttpApi api) {
		HttpAnswer answer = api.get("/actuator/prometheus");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.contentType()).startsWith("text/plain");
		return HttpMetricsScrape.parse(answer.body());
	}

}
