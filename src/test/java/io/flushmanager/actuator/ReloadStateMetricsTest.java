package io.flushmanager.actuator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.HttpApi;
import io.flushmanager.support.HttpMetricsScrape;
import io.flushmanager.support.HttpServiceBase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The metrics an alert holds on to, after a known sequence against the real service and
 * child: start, two updates the validate command rejects (the child keeps running the old
 * config), then a good update. Also {@code flush_manager_build_info} and
 * {@code /actuator/info}.
 */
class ReloadStateMetricsTest extends HttpServiceBase {

	@DynamicPropertySource
	static void validateCommand(DynamicPropertyRegistry registry) {
		registry.add("flush-manager.reload.validate-command", () -> "! grep -q BAD");
	}

	@Test
	void lastSuccessAndInSyncFollowRejectionsUntilAGoodReload() throws Exception {
		HttpApi api = new HttpApi(this.port);
		awaitRunning(api);
		HttpMetricsScrape start = scrape(api);
		assertThat(start.sum("flush_manager_reload_last_success")).isEqualTo(1.0);
		assertThat(start.sum("flush_manager_config_in_sync")).isEqualTo(1.0);
		double startedAt = start.sum("flush_manager_config_last_reload_success_timestamp_seconds");
		assertThat(startedAt).isPositive();
		long pid = api.get("/api/child").json().get("pid").asLong();

		for (int rejected = 1; rejected <= 2; rejected++) {
			fixture.update("BAD " + rejected + "\n");
			int count = rejected;
			await().atMost(TIMEOUT)
				.until(() -> scrape(api).sum("flush_manager_reloads_total", "result", "validation_failed") == count);
			HttpMetricsScrape after = scrape(api);
			assertThat(after.sum("flush_manager_reload_last_success")).isZero();
			assertThat(after.sum("flush_manager_config_in_sync")).isZero();
			assertThat(after.sum("flush_manager_config_last_reload_success_timestamp_seconds")).isEqualTo(startedAt);
		}
		// The child still runs the old config, and nothing makes the metrics forget it
		// meanwhile (polls, the
		// debounce, scrapes): they stay 0 until a good reload.
		await().during(Duration.ofSeconds(2)).atMost(TIMEOUT).until(() -> {
			HttpMetricsScrape now = scrape(api);
			return now.sum("flush_manager_reload_last_success") == 0 && now.sum("flush_manager_config_in_sync") == 0;
		});
		assertThat(api.get("/api/child").json().get("pid").asLong()).isEqualTo(pid);
		assertThat(scrape(api).sum("flush_manager_reloads_total", "result", "reloaded")).isZero();

		fixture.update("good\n");
		await().atMost(TIMEOUT).until(() -> scrape(api).sum("flush_manager_reloads_total", "result", "reloaded") == 1);
		await().atMost(TIMEOUT).until(() -> scrape(api).sum("flush_manager_config_in_sync") == 1);
		HttpMetricsScrape end = scrape(api);
		assertThat(end.sum("flush_manager_reload_last_success")).isEqualTo(1.0);
		assertThat(end.sum("flush_manager_config_last_reload_success_timestamp_seconds")).isGreaterThan(startedAt);
		assertThat(api.get("/api/child").json().get("pid").asLong()).isNotEqualTo(pid);
		// The duration is a histogram: one observation, in the +Inf bucket and every
		// bucket above it.
		assertThat(end.sum("flush_manager_reload_duration_seconds_bucket", "le", "+Inf")).isEqualTo(1.0);
		assertThat(end.samples("flush_manager_reload_duration_seconds_bucket")).hasSizeGreaterThan(5);
		assertThat(end.sum("flush_manager_reload_duration_seconds_count")).isEqualTo(1.0);
	}

	@Test
	void buildInfoNamesTheVersionRevisionAndJava() throws Exception {
		HttpApi api = new HttpApi(this.port);
		Properties build = classpathProperties("META-INF/build-info.properties");
		Properties git = classpathProperties("git.properties");
		assertThat(build.getProperty("build.version")).as("build-info.properties from the build").isNotBlank();

		HttpMetricsScrape scrape = scrape(api);
		assertThat(scrape.samples("flush_manager_build_info")).singleElement().satisfies((sample) -> {
			assertThat(sample.value()).isEqualTo(1.0);
			assertThat(sample.labels()).containsEntry("version", build.getProperty("build.version"))
				.containsEntry("revision", git.getProperty("git.commit.id.abbrev", BuildInfoMetrics.UNKNOWN))
				.containsEntry("java_version", System.getProperty("java.version"));
		});

		HttpAnswer info = api.get("/actuator/info");
		assertThat(info.status()).isEqualTo(200);
		JsonNode json = info.json();
		assertThat(json.at("/build/version").asString()).isEqualTo(build.getProperty("build.version"));
		if (Files.exists(Path.of(".git"))) {
			// A checkout (a clone, or a linked worktree: then the plugin reads the main
			// checkout's HEAD).
			assertThat(json.at("/git/commit/id").asString()).matches("[0-9a-f]{7,40}");
		}
	}

	private static Properties classpathProperties(String name) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = ReloadStateMetricsTest.class.getClassLoader().getResourceAsStream(name)) {
			if (in != null) {
				properties.load(in);
			}
		}
		return properties;
	}

	private static void awaitRunning(HttpApi api) {
		await().atMost(TIMEOUT).until(() -> "RUNNING".equals(api.get("/api/child").json().get("state").asString()));
	}

	private static HttpMetricsScrape scrape(HttpApi api) {
		HttpAnswer answer = api.get("/actuator/prometheus");
		assertThat(answer.status()).isEqualTo(200);
		return HttpMetricsScrape.parse(answer.body());
	}

}
