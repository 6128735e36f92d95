package io.flushmanager.web;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.HttpApi;
import io.flushmanager.support.HttpServiceFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Twenty simultaneous {@code POST /api/child/restart} calls share one restart: one new
 * child, and every caller gets the same answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ConcurrentRestartTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int CALLERS = 20;

	@TempDir
	static Path dir;

	static HttpServiceFixture fixture;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		fixture = HttpServiceFixture.create(dir);
		fixture.register(registry);
		// The child takes a second to stop, so that all callers arrive while the one
		// restart is under way.
		registry.add("flush-manager.child.env.STOP_DELAY", () -> "1");
	}

	@Test
	void twentyConcurrentRestartsShareOneRestartAndLeaveExactlyOneChild() throws Exception {
		HttpApi api = new HttpApi(this.port);
		JsonNode before = await().atMost(TIMEOUT)
			.until(() -> api.get("/api/child").json(),
					(child) -> "RUNNING".equals(child.get("state").asString()) && fixture.onlyChildPid() > 0);
		long oldPid = before.get("pid").asLong();
		ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<HttpAnswer>> answers = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				answers.add(callers.submit(() -> {
					go.await();
					return api.post("/api/child/restart");
				}));
			}
			go.countDown();
			List<JsonNode> bodies = new ArrayList<>();
			for (Future<HttpAnswer> answer : answers) {
				HttpAnswer done = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				assertThat(done.status()).as(done.toString()).isEqualTo(200);
				bodies.add(done.json());
			}
			assertThat(bodies).as("every caller got the same answer").containsOnly(bodies.get(0));
			JsonNode result = bodies.get(0);
			assertThat(result.get("previousPid").asLong()).isEqualTo(oldPid);
			long newPid = result.get("pid").asLong();
			// Exactly one child process on the whole machine runs the script: the new
			// one.
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(fixture.liveChildren()).extracting(ProcessHandle::pid)
					.containsExactly(newPid));
			JsonNode after = api.get("/api/child").json();
			assertThat(after.get("restartCount").asLong()).isEqualTo(before.get("restartCount").asLong() + 1);
		}
		finally {
			callers.shutdownNow();
		}
	}

}
