package io.flushmanager.reload;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.ChildEvent;
import io.flushmanager.child.RestartReason;
import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.RecordingChild;
import io.flushmanager.watch.ChangeAction;
import io.flushmanager.watch.ChangeHistory;
import io.flushmanager.watch.ChangeRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code reload.min-interval}, a reload never follows the previous one sooner than
 * the interval, and the changes made meanwhile are coalesced into that one reload with
 * the latest content.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class MinIntervalIntegrationTest {

	private static final Duration MIN_INTERVAL = Duration.ofSeconds(2);

	@TempDir
	static Path dir;

	static RecordingChild child;

	static AtomicWriter kubelet;

	static Path file;

	@Autowired
	ChildControl supervisor;

	@Autowired
	ChangeHistory history;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		child = RecordingChild.in(dir);
		kubelet = new AtomicWriter(dir.resolve("conf"));
		kubelet.writeText(Map.of("exporter.conf", "m0"));
		file = dir.resolve("conf/exporter.conf");
		registry.add("flush-manager.watch.files", file::toString);
		registry.add("flush-manager.watch.debounce", () -> "100ms");
		registry.add("flush-manager.child.command", () -> "sh");
		registry.add("flush-manager.child.args", () -> child.script() + "," + file + "," + child.record());
		registry.add("flush-manager.child.start-grace", () -> "200ms");
		registry.add("flush-manager.reload.min-interval", () -> MIN_INTERVAL.toMillis() + "ms");
	}

	@Test
	void reloadsAreSpacedAndChangesInsideTheIntervalCoalesce() throws IOException {
		await().atMost(Duration.ofSeconds(30)).until(() -> child.entries().size() == 1);
		kubelet.writeText(Map.of("exporter.conf", "m1"));
		await().atMost(Duration.ofSeconds(30)).until(() -> child.entries().size() == 2);
		kubelet.writeText(Map.of("exporter.conf", "m2"));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.history.entries(file).size() == 3);
		kubelet.writeText(Map.of("exporter.conf", "m3"));
		await().atMost(Duration.ofSeconds(30)).until(() -> child.entries().size() == 3);
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30)).until(() -> child.entries().size() == 3);

		assertThat(child.entries()).extracting(RecordingChild.Entry::config).containsExactly("m0", "m1", "m3");
		List<Instant> configStarts = this.supervisor.status()
			.history()
			.stream()
			.filter((event) -> event.type() == ChildEvent.Type.STARTED && event.reason() == RestartReason.CONFIG_CHANGE)
			.map(ChildEvent::at)
			.sorted()
			.toList();
		assertThat(configStarts).hasSize(2);
		assertThat(Duration.between(configStarts.get(0), configStarts.get(1))).isGreaterThanOrEqualTo(MIN_INTERVAL);
		assertThat(this.history.entries(file)).extracting(ChangeRecord::action)
			.startsWith(ChangeAction.RELOADED, ChangeAction.COALESCED, ChangeAction.RELOADED);
	}

}
