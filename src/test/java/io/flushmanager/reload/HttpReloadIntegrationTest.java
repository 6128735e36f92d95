package io.flushmanager.reload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.flushmanager.child.ChildControl;
import io.flushmanager.fs.AtomicWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code reload.strategy=http} the child's reload webhook (here a real HTTP server
 * standing in for the child's admin port) is called once per confirmed change, and sees
 * the new content on disk.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class HttpReloadIntegrationTest {

	@TempDir
	static Path dir;

	static AtomicWriter kubelet;

	static HttpServer webhook;

	static final List<String> seen = new CopyOnWriteArrayList<>();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		kubelet = new AtomicWriter(dir.resolve("conf"));
		kubelet.writeText(Map.of("exporter.conf", "h0"));
		Path file = dir.resolve("conf/exporter.conf");
		webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		webhook.createContext("/-/reload", (exchange) -> {
			seen.add(exchange.getRequestMethod() + " " + Files.readString(file));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		webhook.start();
		registry.add("flush-manager.watch.files", file::toString);
		registry.add("flush-manager.watch.debounce", () -> "100ms");
		registry.add("flush-manager.child.command", () -> "sleep");
		registry.add("flush-manager.child.args", () -> "600");
		registry.add("flush-manager.reload.strategy", () -> "http");
		registry.add("flush-manager.reload.url",
				() -> "http://127.0.0.1:" + webhook.getAddress().getPort() + "/-/reload");
	}

	@Autowired
	ChildControl child;

	@AfterAll
	static void stop() {
		webhook.stop(0);
	}

	@Test
	void theWebhookIsCalledOncePerChange() throws IOException {
		// The child is spawned on its own thread after the context starts: content
		// written before that is
		// what it starts with (nothing to reload), so the change must come after the
		// spawn.
		await().atMost(Duration.ofSeconds(30)).until(() -> this.child.status().pid() != null);
		kubelet.writeText(Map.of("exporter.conf", "h1"));
		await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 1);
		assertThat(seen).containsExactly("POST h1");
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 1);
	}

}
