package io.flushmanager.actuator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.HttpApi;
import io.flushmanager.support.HttpServiceBase;
import io.flushmanager.support.HttpServiceFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probe groups with a real child and {@code restart-policy=never}: killing the child
 * makes readiness DOWN and leaves liveness UP; a manual restart makes the pod ready
 * again.
 */
@TestPropertySource(properties = "flush-manager.child.restart-policy=never")
class ProbesTest extends HttpServiceBase {

	@Test
	void killedChildMakesReadinessDownButNotLiveness() throws Exception {
		HttpApi api = new HttpApi(this.port);
		await().atMost(TIMEOUT).until(() -> api.get("/actuator/health/readiness").status() == 200);
		JsonNode ready = api.get("/actuator/health/readiness").json();
		assertThat(ready.get("status").asString()).isEqualTo("UP");
		assertThat(componentNames(ready)).contains("child", "readinessState");
		long pid = ready.get("components").get("child").get("details").get("pid").asLong();
		assertThat(pid).isEqualTo(fixture.onlyChildPid());

		HttpServiceFixture.kill9(pid);

		await().atMost(TIMEOUT).until(() -> api.get("/actuator/health/readiness").status() == 503);
		JsonNode notReady = api.get("/actuator/health/readiness").json();
		assertThat(notReady.get("status").asString()).isEqualTo("DOWN");
		JsonNode child = notReady.get("components").get("child");
		assertThat(child.get("status").asString()).isEqualTo("DOWN");
		assertThat(child.get("details").get("state").asString()).isNotEqualTo("RUNNING");
		assertThat(child.get("details").get("lastExit").get("signal").asString()).contains("KILL");
		assertThat(child.get("details").has("restartCount")).isTrue();
		// restart-policy=never: it stays down, and liveness stays up all along.
		await().during(Duration.ofSeconds(1)).atMost(TIMEOUT).until(() -> fixture.liveChildren().isEmpty());
		HttpAnswer liveness = api.get("/actuator/health/liveness");
		assertThat(liveness.status()).as(liveness.toString()).isEqualTo(200);
		assertThat(liveness.json().get("status").asString()).isEqualTo("UP");
		assertThat(componentNames(liveness.json())).containsExactlyInAnyOrder("livenessState", "configWatch",
				"supervisor");
		assertThat(api.get("/actuator/health").status()).isEqualTo(503);

		HttpAnswer restart = api.post("/api/child/restart");
		assertThat(restart.status()).as(restart.toString()).isEqualTo(200);
		await().atMost(TIMEOUT).until(() -> api.get("/actuator/health/readiness").status() == 200);
		assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
	}

	@Test
	void healthShowsChildAndConfigWatchDetails() {
		HttpApi api = new HttpApi(this.port);
		JsonNode health = api.get("/actuator/health").json();
		assertThat(componentNames(health)).contains("child", "configWatch", "supervisor", "livenessState",
				"readinessState");
		JsonNode watch = health.get("components").get("configWatch");
		assertThat(watch.get("status").asString()).isEqualTo("UP");
		JsonNode details = watch.get("details");
		assertThat(details.get("mode").asString()).isEqualTo("NATIVE_AND_POLLING");
		assertThat(details.get("nativeEvents").asBoolean()).isTrue();
		assertThat(details.get("errors").asLong()).isZero();
		assertThat(details.get("eventsLost").asLong()).isZero();
		assertThat(details.get("files").get(0).get("path").asString()).isEqualTo(fixture.file().toString());
		assertThat(details.get("files").get(0).get("exists").asBoolean()).isTrue();
		JsonNode child = health.get("components").get("child").get("details");
		assertThat(child.has("state")).isTrue();
		assertThat(child.has("restartCount")).isTrue();
	}

	static List<String> componentNames(JsonNode health) {
		List<String> names = new ArrayList<>();
		health.get("components").propertyNames().forEach(names::add);
		return names;
	}

}
