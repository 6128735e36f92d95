package io.flushmanager.reload;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.RecordingChild;
import io.flushmanager.watch.ChangeAction;
import io.flushmanager.watch.ChangeHistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service with a real child: a ConfigMap update restarts the child on the new
 * content, and a change the validate command rejects leaves the running child alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class RestartReloadIntegrationTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	static Path dir;

	static RecordingChild child;

	static AtomicWriter kubelet;

	@Autowired
	ChangeHistory history;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		child = RecordingChild.in(dir);
		kubelet = new AtomicWriter(dir.resolve("conf"));
		kubelet.writeText(Map.of("exporter.conf", "v0"));
		Path file = dir.resolve("conf/exporter.conf");
		registry.add("flush-manager.watch.files", file::toString);
		registry.add("flush-manager.watch.debounce", () -> "100ms");
		registry.add("flush-manager.watch.poll-interval", () -> "500ms");
		registry.add("flush-manager.child.command", () -> "sh");
		registry.add("flush-manager.child.args", () -> child.script() + "," + file + "," + child.record());
		registry.add("flush-manager.child.start-grace", () -> "200ms");
		registry.add("flush-manager.reload.validate-command", () -> "! grep -q BAD");
	}

	@Test
	void configChangeRestartsTheChildOnTheNewContentAndRejectedChangesAreIgnored() throws IOException {
		await().atMost(TIMEOUT).until(() -> child.last().isPresent());
		RecordingChild.Entry first = child.last().orElseThrow();
		assertThat(first.config()).isEqualTo("v0");

		kubelet.writeText(Map.of("exporter.conf", "v1"));
		await().atMost(TIMEOUT).until(() -> child.entries().size() == 2);
		RecordingChild.Entry second = child.last().orElseThrow();
		assertThat(second.config()).isEqualTo("v1");
		assertThat(second.pid()).isNotEqualTo(first.pid());
		await().atMost(TIMEOUT).until(() -> !first.alive());

		Path file = dir.resolve("conf/exporter.conf");
		kubelet.writeText(Map.of("exporter.conf", "BAD"));
		await().atMost(TIMEOUT)
			.until(() -> this.history.entries(file).get(0).action() == ChangeAction.VALIDATION_FAILED);
		assertThat(this.history.entries(file).get(0).cause()).isEqualTo("validate command exited 1");
		assertThat(child.entries()).hasSize(2);
		assertThat(second.alive()).isTrue();

		kubelet.writeText(Map.of("exporter.conf", "v2"));
		await().atMost(TIMEOUT).until(() -> child.entries().size() == 3);
		assertThat(child.last().orElseThrow().config()).isEqualTo("v2");
		assertThat(this.history.entries(file).get(0).action()).isEqualTo(ChangeAction.RELOADED);
		assertThat(this.history.entries(file).get(0).cause()).isNull();
	}

}
