package io.flushmanager.web;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.HttpApi;
import io.flushmanager.support.HttpServiceBase;

import static io.flushmanager.web.WatchApiTest.assertJsonError;
import static io.flushmanager.web.WatchApiTest.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/child}, {@code POST /api/child/restart} and
 * {@code GET|POST /actuator/restart} with a real child shell script.
 */
class ChildApiTest extends HttpServiceBase {

	@Test
	void childAnswersTheDocumentedFields() {
		JsonNode child = running();
		assertThat(names(child)).containsAll(List.of("state", "pid", "command", "args", "startedAt", "uptime",
				"restartCount", "lastExit", "history"));
		assertThat(child.get("pid").asLong()).isEqualTo(fixture.onlyChildPid());
		assertThat(child.get("command").asString()).endsWith("sh");
		assertThat(child.get("args").get(1).asString()).isEqualTo(fixture.file().toString());
		assertThat(Instant.parse(child.get("startedAt").asString())).isBefore(Instant.now());
		assertThat(Duration.parse(child.get("uptime").asString())).isPositive();
		assertThat(child.get("restartCount").isIntegralNumber()).isTrue();
		assertThat(child.get("history").isArray()).isTrue();
		JsonNode event = child.get("history").get(0);
		assertThat(names(event)).contains("at", "type", "reason", "pid");
		Instant.parse(event.get("at").asString());
	}

	@Test
	void postRestartReplacesTheChildAndAnswersOldAndNewPid() {
		JsonNode before = running();
		long oldPid = before.get("pid").asLong();
		HttpAnswer answer = api().post("/api/child/restart");
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		JsonNode result = answer.json();
		assertThat(names(result)).containsExactly("previousPid", "pid", "state");
		assertThat(result.get("previousPid").asLong()).isEqualTo(oldPid);
		long newPid = result.get("pid").asLong();
		assertThat(newPid).isNotEqualTo(oldPid);
		assertThat(result.get("state").asString()).isIn("STARTING", "RUNNING");
		await().atMost(TIMEOUT).until(() -> fixture.onlyChildPid() == newPid);
		JsonNode after = running();
		assertThat(after.get("pid").asLong()).isEqualTo(newPid);
		assertThat(after.get("restartCount").asLong()).isEqualTo(before.get("restartCount").asLong() + 1);
		assertThat(after.get("lastExit").get("reason").asString()).isEqualTo("MANUAL");
		assertThat(names(after.get("lastExit"))).containsAll(List.of("code", "signal", "at", "reason"));
		assertThat(after.get("history").get(0).get("pid").asLong()).isEqualTo(newPid);
	}

	@Test
	void actuatorRestartShowsTheChildAndSaysHowToRestartIt() {
		JsonNode child = running();
		HttpAnswer answer = api().get("/actuator/restart");
		assertThat(answer.status()).isEqualTo(200);
		JsonNode body = answer.json();
		assertThat(names(body)).containsAll(names(child));
		assertThat(body.get("pid")).isEqualTo(child.get("pid"));
		assertThat(body.get("restart").asString()).contains("POST /actuator/restart");
	}

	@Test
	void actuatorPostRestartsTheChild() {
		long oldPid = running().get("pid").asLong();
		HttpAnswer answer = api().post("/actuator/restart");
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(answer.json().get("previousPid").asLong()).isEqualTo(oldPid);
		long newPid = answer.json().get("pid").asLong();
		await().atMost(TIMEOUT).until(() -> fixture.onlyChildPid() == newPid);
		assertThat(newPid).isNotEqualTo(oldPid);
	}

	@Test
	void restartIsPostOnly() {
		long pid = running().get("pid").asLong();
		HttpAnswer get = api().get("/api/child/restart");
		assertJsonError(get, 405, "/api/child/restart");
		assertThat(get.headers().firstValue("Allow")).hasValue("POST");
		assertJsonError(api().send("PUT", "/api/child/restart", BodyPublishers.noBody()), 405, "/api/child/restart");
		assertJsonError(api().send("DELETE", "/actuator/restart", BodyPublishers.noBody()), 405, "/actuator/restart");
		assertJsonError(api().send("POST", "/api/child", BodyPublishers.noBody()), 405, "/api/child");
		assertThat(running().get("pid").asLong()).isEqualTo(pid);
	}

	private JsonNode running() {
		return await().atMost(TIMEOUT)
			.until(() -> api().get("/api/child").json(),
					(child) -> "RUNNING".equals(child.get("state").asString()) && fixture.onlyChildPid() > 0);
	}

	private HttpApi api() {
		return new HttpApi(this.port);
	}

}
