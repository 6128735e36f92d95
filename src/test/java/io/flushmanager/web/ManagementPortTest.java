package io.flushmanager.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.HttpApi;
import io.flushmanager.support.HttpServiceBase;

import static io.flushmanager.web.WatchApiTest.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code management.server.port} set, actuator leaves the application port, and on
 * its own port the token rule and the JSON errors still hold (the management server is a
 * separate servlet container).
 */
@TestPropertySource(
		properties = { "management.server.port=0", "flush-manager.security.token=" + ManagementPortTest.TOKEN })
class ManagementPortTest extends HttpServiceBase {

	static final String TOKEN = "mgmt-t0ken";

	@LocalManagementPort
	int managementPort;

	@Test
	void actuatorIsOnlyOnTheManagementPort() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertJsonError(new HttpApi(this.port).get("/actuator/health"), 404, "/actuator/health");
		assertThat(management().get("/actuator/health/liveness").status()).isEqualTo(200);
		assertThat(management().get("/actuator/prometheus").body()).contains("flush_manager_child_up");
		assertThat(new HttpApi(this.port).get("/api/watch").status()).isEqualTo(200);
	}

	@Test
	void probesStayOnTheApplicationPort() {
		HttpApi app = new HttpApi(this.port);
		await().atMost(TIMEOUT).until(() -> app.get("/readyz").status() == 200);
		HttpAnswer liveness = app.get("/livez");
		assertThat(liveness.status()).isEqualTo(200);
		assertThat(liveness.json().get("components").has("configWatch")).isTrue();
		assertThat(app.get("/readyz").json().get("components").has("child")).isTrue();
	}

	@Test
	void theTokenRuleHoldsOnTheManagementPort() {
		long pid = await().atMost(TIMEOUT).until(fixture::onlyChildPid, (found) -> found > 0);
		HttpAnswer refused = management().post("/actuator/restart");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
		assertThat(refused.json().get("status").asInt()).isEqualTo(401);
		HttpAnswer done = management().post("/actuator/restart", "Authorization", "Bearer " + TOKEN);
		assertThat(done.status()).as(done.toString()).isEqualTo(200);
		assertThat(done.json().get("previousPid").asLong()).isEqualTo(pid);
	}

	@Test
	void errorsAreJsonOnTheManagementPort() {
		HttpAnswer missing = management().get("/actuator/env");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.json().get("status").asInt()).isEqualTo(404);
		HttpAnswer malformed = management().raw("GET", "/actuator/metrics?tag=%zz");
		assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
		assertThat(malformed.json().get("status").asInt()).isEqualTo(400);
		HttpAnswer rejected = management().raw("GET", "/actuator/health?a b");
		assertThat(rejected.status()).as(rejected.toString()).isEqualTo(400);
		assertThat(rejected.json().get("status").asInt()).isEqualTo(400);
	}

	private HttpApi management() {
		return new HttpApi(this.managementPort);
	}

}
