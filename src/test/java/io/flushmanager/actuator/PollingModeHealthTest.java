package io.flushmanager.actuator;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import io.flushmanager.support.HttpApi;
import io.flushmanager.support.HttpMetricsScrape;
import io.flushmanager.support.HttpServiceBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polling alone is a working mode, not a failure: configWatch is UP and says POLLING,
 * everywhere.
 */
@TestPropertySource(properties = "flush-manager.watch.native-events=false")
class PollingModeHealthTest extends HttpServiceBase {

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
