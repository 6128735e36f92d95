package io.flushmanager.actuator;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.flushmanager.support.HttpApi;
import io.flushmanager.support.HttpMetricsScrape;
import io.flushmanager.support.HttpServiceFixture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polling alone is a working mode, not a failure: configWatch is UP and says POLLING, everywhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "flush-manager.watch.native-events=false")
@DirtiesContext
class PollingModeHealthTest {

	@TempDir
	static Path dir;

	static HttpServiceFixture fixture;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		fixture = HttpServiceFixture.create(dir);
		fixture.register(registry);
	}

	@Test
	void pollingAloneIsUpAndSaysSo() {
		HttpApi api = new HttpApi(this.port);
		JsonNode watch = api.get("/actuator/health/liveness").json().get("components").get("configWatch");
		assertThat(watch.get("status").asString()).isEqualTo("UP");
		assertThat(watch.get("details").get("mode").asString()).isEqualTo("POLLING");
		assertThat(watch.get("details").get("nativeEvents").asBoolean()).isFalse();
		assertThat(watch.get("details").get("nativeProblem").asString()).contains("native-events=false");
		JsonNode view = api.get("/api/watch").json();
		assertThat(view.get("mode").asString()).isEqualTo("POLLING");
		assertThat(view.get("nativeEvents").asBoolean()).isFalse();
		HttpMetricsScrape metrics = HttpMetricsScrape.parse(api.get("/actuator/prometheus").body());
		assertThat(metrics.sum("flush_manager_watch_native_events")).isZero();
	}

}
