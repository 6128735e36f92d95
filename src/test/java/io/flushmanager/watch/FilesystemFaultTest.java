package io.flushmanager.watch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.FileSystemUtils;

import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.Hashes;
import io.flushmanager.support.RecordingListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile changes to a watched path are states the watcher reports, never crashes, and it
 * recovers when the path is sane again.
 */
@ExtendWith(OutputCaptureExtension.class)
class FilesystemFaultTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	@Test
	void fileReplacedByADirectory() throws Exception {
		Path file = this.dir.resolve("app.conf");
		Files.writeString(file, "a");
		WatcherContext.runner("flush-manager.watch.files=" + file, "flush-manager.watch.poll-interval=300ms")
			.run((context) -> {
				Files.delete(file);
				Files.createDirectory(file);
				await().atMost(TIMEOUT)
					.until(() -> "not a regular file: directory"
						.equals(snapshot(context.getBean(ConfigWatcher.class)).error()));
				assertThat(context.getBean(ChangeHistory.class).entries(file).get(0).action())
					.isEqualTo(ChangeAction.UNAVAILABLE);
				Files.delete(file);
				Files.writeString(file, "b");
				expectConfirmed(context.getBean(RecordingListener.class), "b");
			});
	}

	@Test
	void symlinkLoop() throws Exception {
		Path file = this.dir.resolve("app.conf");
		Files.writeString(file, "a");
		WatcherContext.runner("flush-manager.watch.files=" + file, "flush-manager.watch.poll-interval=300ms")
			.run((context) -> {
				Path other = this.dir.resolve("loop.conf");
				Files.delete(file);
				Files.createSymbolicLink(other, file);
				Files.createSymbolicLink(file, other);
				await().atMost(TIMEOUT).until(() -> snapshot(context.getBean(ConfigWatcher.class)).error() != null);
				assertThat(snapshot(context.getBean(ConfigWatcher.class)).exists()).isFalse();
				assertThat(context.getBean(RecordingListener.class).count()).isZero();
				Files.delete(file);
				Files.writeString(file, "b");
				expectConfirmed(context.getBean(RecordingListener.class), "b");
			});
	}

	@Test
	void watchedDirectoryDeletedAndRecreated(CapturedOutput output) throws Exception {
		Path conf = this.dir.resolve("conf");
		new AtomicWriter(conf).writeText(Map.of("exporter.conf", "a"));
		Path file = conf.resolve("exporter.conf");
		WatcherContext.runner("flush-manager.watch.files=" + file, "flush-manager.watch.poll-interval=300ms")
			.run((context) -> {
				FileSystemUtils.deleteRecursively(conf);
				// Whichever notices first: the dying key's event thread ("is gone") or a
				// poll that finds the
				// registered directory replaced ("is no longer the directory
				// registered").
				await().atMost(TIMEOUT)
					.until(() -> output.toString().contains("Watched directory " + conf + " is gone")
							|| output.toString().contains("Watched directory " + conf + " is no longer the directory"));
				new AtomicWriter(conf).writeText(Map.of("exporter.conf", "b"));
				expectConfirmed(context.getBean(RecordingListener.class), "b");
				// Re-registered by polling, so the next update is seen as a kernel event
				// again.
				await().atMost(TIMEOUT)
					.until(() -> output.toString().split("Watching directory: " + conf, -1).length == 3);
				new AtomicWriter(conf).writeText(Map.of("exporter.conf", "c"));
				await().atMost(TIMEOUT).until(() -> context.getBean(RecordingListener.class).count() == 2);
				assertThat(context.getBean(RecordingListener.class).last().changes().get(0).after().sha256())
					.isEqualTo(Hashes.sha256("c"));
			});
	}

	private static FileSnapshot snapshot(ConfigWatcher watcher) {
		return watcher.files().get(0).snapshot();
	}

	private static void expectConfirmed(RecordingListener listener, String content) {
		await().atMost(TIMEOUT).until(() -> listener.count() == 1);
		assertThat(listener.last().changes().get(0).after().sha256()).isEqualTo(Hashes.sha256(content));
	}

}
