package io.flushmanager.actuator;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.flushmanager.support.DyingWatchService;
import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.HttpApi;
import io.flushmanager.support.HttpServiceBase;
import io.flushmanager.watch.WatchServiceProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the file event thread dies (here: the kernel's watch service fails in a way nobody
 * expected), the service is broken: liveness goes DOWN so that Kubernetes restarts the
 * container, while readiness still follows the child alone.
 */
class WatcherFailureHealthTest extends HttpServiceBase {

	@Test
	void deadWatcherThreadMakesLivenessDown() {
		HttpApi api = new HttpApi(this.port);
		await().atMost(TIMEOUT).until(() -> api.get("/actuator/health/liveness").status() == 503);
		HttpAnswer liveness = api.get("/actuator/health/liveness");
		JsonNode watch = liveness.json().get("components").get("configWatch");
		assertThat(watch.get("status").asString()).isEqualTo("DOWN");
		assertThat(watch.get("details").get("threadFailure").asString()).contains("injected watch service failure");
		assertThat(liveness.json().get("components").get("supervisor").get("status").asString()).isEqualTo("UP");
		await().atMost(TIMEOUT).until(() -> api.get("/actuator/health/readiness").status() == 200);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingWatchService {

		@Bean
		@Primary
		WatchServiceProvider failingWatchServiceProvider() {
			return DyingWatchService.provider();
		}

	}

}
