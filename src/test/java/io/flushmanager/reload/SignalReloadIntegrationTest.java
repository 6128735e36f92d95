package io.flushmanager.reload;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.RecordingChild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code reload.strategy=signal} the same child gets {@code reload.signal} and
 * re-reads its config.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SignalReloadIntegrationTest {

	@TempDir
	static Path dir;

	static RecordingChild child;

	static AtomicWriter kubelet;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		child = RecordingChild.in(dir);
		kubelet = new AtomicWriter(dir.resolve("conf"));
		kubelet.writeText(Map.of("exporter.conf", "s0"));
		Path file = dir.resolve("conf/exporter.conf");
		registry.add("flush-manager.watch.files", file::toString);
		registry.add("flush-manager.watch.debounce", () -> "100ms");
		registry.add("flush-manager.child.command", () -> "sh");
		registry.add("flush-manager.child.args", () -> child.script() + "," + file + "," + child.record());
		registry.add("flush-manager.child.start-grace", () -> "200ms");
		registry.add("flush-manager.reload.strategy", () -> "signal");
		registry.add("flush-manager.reload.signal", () -> "HUP");
	}

	@Test
	void theRunningChildIsSignalledAndReadsTheNewContent() throws IOException {
		await().atMost(Duration.ofSeconds(30)).until(() -> child.last().isPresent());
		long pid = child.last().orElseThrow().pid();
		kubelet.writeText(Map.of("exporter.conf", "s1"));
		await().atMost(Duration.ofSeconds(30)).until(() -> child.entries().size() == 2);
		RecordingChild.Entry hup = child.last().orElseThrow();
		assertThat(hup.event()).isEqualTo("HUP");
		assertThat(hup.pid()).isEqualTo(pid);
		assertThat(hup.config()).isEqualTo("s1");
	}

}
