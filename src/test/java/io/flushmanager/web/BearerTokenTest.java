package io.flushmanager.web;

import java.net.http.HttpRequest.BodyPublishers;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.HttpApi;
import io.flushmanager.support.HttpServiceBase;

import static io.flushmanager.web.WatchApiTest.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code flush-manager.security.token} set, mutating calls need the bearer token (on
 * {@code /api} and actuator alike), reads stay open, and every refusal is a JSON error.
 */
@TestPropertySource(properties = "flush-manager.security.token=" + BearerTokenTest.TOKEN)
class BearerTokenTest extends HttpServiceBase {

	static final String TOKEN = "s3cr3t-t0ken";

	@Test
	void mutatingCallsWithoutTheRightTokenAre401AndChangeNothing() {
		long pid = runningPid();
		for (String path : new String[] { "/api/child/restart", "/actuator/restart" }) {
			assertUnauthorized(api().post(path), path);
			assertUnauthorized(api().post(path, "Authorization", "Bearer wrong"), path);
			assertUnauthorized(api().post(path, "Authorization", "Bearer " + TOKEN + "x"), path);
			assertUnauthorized(api().post(path, "Authorization", "Bearer "), path);
			assertUnauthorized(api().post(path, "Authorization", "Basic " + TOKEN), path);
			assertUnauthorized(api().post(path, "Authorization", TOKEN), path);
		}
		// Other actuator writes are covered too, whether or not they exist.
		assertUnauthorized(api().send("DELETE", "/actuator/restart", BodyPublishers.noBody()), "/actuator/restart");
		assertUnauthorized(api().post("/actuator/loggers/ROOT"), "/actuator/loggers/ROOT");
		assertThat(runningPid()).as("no restart happened").isEqualTo(pid);
	}

	@Test
	void theRightTokenRestartsOnBothPaths() {
		long pid = runningPid();
		HttpAnswer rest = api().post("/api/child/restart", "Authorization", "Bearer " + TOKEN);
		assertThat(rest.status()).as(rest.toString()).isEqualTo(200);
		assertThat(rest.json().get("previousPid").asLong()).isEqualTo(pid);
		long second = runningPid();
		HttpAnswer actuator = api().post("/actuator/restart", "authorization", "bearer " + TOKEN);
		assertThat(actuator.status()).as(actuator.toString()).isEqualTo(200);
		assertThat(actuator.json().get("previousPid").asLong()).isEqualTo(second);
		long third = actuator.json().get("pid").asLong();
		await().atMost(TIMEOUT).until(() -> fixture.onlyChildPid() == third);
		assertThat(third).isNotIn(pid, second);
	}

	@Test
	void readsStayOpen() {
		for (String path : new String[] { "/api/watch", "/api/watch/history", "/api/child", "/actuator/restart",
				"/actuator/configwatch", "/actuator/health/liveness", "/actuator/prometheus", "/actuator/info",
				"/actuator/metrics" }) {
			HttpAnswer answer = api().get(path);
			assertThat(answer.status()).as(path + " " + answer).isEqualTo(200);
		}
	}

	@Test
	void getOnAPostOnlyCallIs405NotA401() {
		HttpAnswer answer = api().get("/api/child/restart");
		assertJsonError(answer, 405, "/api/child/restart");
	}

	@Test
	void aHugeBodyIs413WithAJsonError() {
		long pid = runningPid();
		HttpAnswer answer = api().send("POST", "/api/child/restart", BodyPublishers.ofString("x".repeat(200_000)),
				"Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
		assertJsonError(answer, 413, "/api/child/restart");
		assertThat(runningPid()).isEqualTo(pid);
	}

	@Test
	void errorsAreJsonWhateverTheClientAccepts() {
		HttpAnswer answer = api().get("/api/nothing-here", "Accept", "text/html");
		assertJsonError(answer, 404, "/api/nothing-here");
		assertJsonError(api().get("/actuator/env"), 404, "/actuator/env");
		assertJsonError(api().get("/actuator/heapdump"), 404, "/actuator/heapdump");
		assertJsonError(api().get("/actuator/threaddump"), 404, "/actuator/threaddump");
		assertJsonError(api().post("/actuator/shutdown", "Authorization", "Bearer " + TOKEN), 404,
				"/actuator/shutdown");
	}

	private static void assertUnauthorized(HttpAnswer answer, String path) {
		assertJsonError(answer, 401, path);
		assertThat(answer.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer"));
		JsonNode error = answer.json();
		assertThat(error.get("message").asString()).doesNotContain(TOKEN);
	}

	private long runningPid() {
		return await().atMost(TIMEOUT)
			.until(() -> api().get("/api/child").json(),
					(child) -> "RUNNING".equals(child.get("state").asString()) && fixture.onlyChildPid() > 0)
			.get("pid")
			.asLong();
	}

	private HttpApi api() {
		return new HttpApi(this.port);
	}

}
