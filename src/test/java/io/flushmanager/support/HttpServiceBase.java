package io.flushmanager.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a random port against an {@link HttpServiceFixture} (a
 * ConfigMap-style directory and a real child script), one fresh context per test class.
 * Subclasses add their own properties with {@code @TestPropertySource}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
public abstract class HttpServiceBase {

	/** How long a test waits for the service or the child. */
	protected static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	protected static Path dir;

	protected static HttpServiceFixture fixture;

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void fixtureProperties(DynamicPropertyRegistry registry) throws IOException {
		fixture = HttpServiceFixture.create(dir);
		fixture.register(registry);
	}

}
