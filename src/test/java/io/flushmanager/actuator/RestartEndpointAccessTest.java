package io.flushmanager.actuator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.HttpApi;
import io.flushmanager.support.HttpServiceFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * spring-cloud-context has its own {@code restart} endpoint (it restarts the whole Spring
 * context). With the hardening settings that would switch it on, the service still
 * starts, and {@code /actuator/restart} is ours: it restarts the child, not the context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.access.default=unrestricted",
				"management.endpoint.restart.access=unrestricted", "management.endpoint.refresh.access=unrestricted" })
@DirtiesContext
class RestartEndpointAccessTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	static Path dir;

	static HttpServiceFixture fixture;

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		fixture = HttpServiceFixture.create(dir);
		fixture.register(registry);
	}

	@Test
	void ourRestartEndpointIsServedAndTheCloudOneDoesNotExist() throws Exception {
		assertThat(this.context.getBeansOfType(RestartEndpoint.class)).hasSize(1);
		Class<?> cloudRestart = Class.forName("org.springframework.cloud.context.restart.RestartEndpoint");
		assertThat(this.context.getBeanNamesForType(cloudRestart)).isEmpty();
		HttpApi api = new HttpApi(this.port);
		assertThat(api.get("/actuator/refresh").status()).isEqualTo(404);
		assertThat(api.get("/actuator/pause").status()).isEqualTo(404);
		long pid = await().atMost(TIMEOUT).until(fixture::onlyChildPid, (found) -> found > 0);
		HttpAnswer status = api.get("/actuator/restart");
		assertThat(status.status()).isEqualTo(200);
		assertThat(status.json().get("pid").asLong()).isEqualTo(pid);
		assertThat(status.json().get("restart").asString()).contains("POST");
		HttpAnswer restart = api.post("/actuator/restart");
		assertThat(restart.status()).as(restart.toString()).isEqualTo(200);
		assertThat(restart.json().get("previousPid").asLong()).isEqualTo(pid);
		long newPid = restart.json().get("pid").asLong();
		await().atMost(TIMEOUT).until(() -> fixture.onlyChildPid() == newPid);
	}

	@Test
	void dangerousEndpointsStayUnexposedEvenWithUnrestrictedAccess() {
		HttpApi api = new HttpApi(this.port);
		for (String path : new String[] { "/actuator/env", "/actuator/heapdump", "/actuator/threaddump" }) {
			assertThat(api.get(path).status()).as(path).isEqualTo(404);
		}
		assertThat(api.post("/actuator/shutdown").status()).isEqualTo(404);
	}

}
