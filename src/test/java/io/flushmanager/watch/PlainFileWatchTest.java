package io.flushmanager.watch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.flushmanager.support.Hashes;
import io.flushmanager.support.RecordingListener;
import io.flushmanager.support.UnreadableFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plain files (not ConfigMap mounts) are watched through every way of changing them, and
 * files that go missing, dangle or cannot be read are states, not crashes.
 */
@ExtendWith(OutputCaptureExtension.class)
class PlainFileWatchTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	@Test
	void everyKindOfPlainFileEditIsAChange(CapturedOutput output) throws Exception {
		Path file = this.dir.resolve("app.conf");
		Files.writeString(file, "one");
		WatcherContext.runner("flush-manager.watch.files=" + file, "flush-manager.watch.poll-interval=10s")
			.run((context) -> {
				RecordingListener listener = context.getBean(RecordingListener.class);
				assertThat(output).contains("Config file " + file + " is a plain file with no ..data link beside it");

				Files.writeString(file, "two");
				expectConfirmed(listener, 1, "two");

				try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
					channel.truncate(0);
				}
				expectConfirmed(listener, 2, "");

				Path temp = this.dir.resolve(".app.conf.tmp");
				Files.writeString(temp, "three");
				Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				expectConfirmed(listener, 3, "three");

				ChangeHistory history = context.getBean(ChangeHistory.class);
				Files.delete(file);
				await().atMost(TIMEOUT).until(() -> history.entries(file).get(0).action() == ChangeAction.UNAVAILABLE);
				assertThat(context.getBean(ConfigWatcher.class).files().get(0).snapshot().exists()).isFalse();
				Files.writeString(file, "four");
				expectConfirmed(listener, 4, "four");
			});
	}

	@Test
	void aFileMissingAtStartIsWaitedForAndItsAppearanceIsAChange(CapturedOutput output) throws Exception {
		Path file = this.dir.resolve("later/app.conf");
		WatcherContext.runner("flush-manager.watch.files=" + file, "flush-manager.watch.poll-interval=300ms")
			.run((context) -> {
				assertThat(output).contains("Config file " + file + " does not exist yet");
				Files.createDirectories(file.getParent());
				// Once polling has registered the new directory, the file's creation is
				// seen as an event.
				await().atMost(TIMEOUT)
					.until(() -> output.toString().contains("Watching directory: " + file.getParent()));
				Files.writeString(file, "hello");
				expectConfirmed(context.getBean(RecordingListener.class), 1, "hello");
			});
	}

	@Test
	void aMissingFileFailsTheStartWithMissingFileFail() throws Exception {
		Path file = this.dir.resolve("absent.conf");
		WatcherContext.runner("flush-manager.watch.files=" + file, "flush-manager.watch.missing-file=fail")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Watched config file " + file + " does not exist"));
	}

	@Test
	void aDanglingSymlinkIsAStateAndFixingItIsAChange() throws Exception {
		Path file = this.dir.resolve("app.conf");
		Path target = this.dir.resolve("real/app.conf");
		Files.createSymbolicLink(file, target);
		WatcherContext.runner("flush-manager.watch.files=" + file, "flush-manager.watch.poll-interval=300ms")
			.run((context) -> {
				FileSnapshot snapshot = context.getBean(ConfigWatcher.class).files().get(0).snapshot();
				assertThat(snapshot.exists()).isFalse();
				assertThat(snapshot.symlink()).isTrue();
				assertThat(snapshot.error()).isEqualTo("dangling symlink");
				Files.createDirectories(target.getParent());
				Files.writeString(target, "fixed");
				expectConfirmed(context.getBean(RecordingListener.class), 1, "fixed");
			});
	}

	@Test
	void anUnreadableFileKeepsTheChildOnItsConfigUntilItIsReadableAgain() throws Exception {
		Path file = this.dir.resolve("app.conf");
		Files.writeString(file, "secret=1");
		WatcherContext.runner("flush-manager.watch.files=" + file, "flush-manager.watch.poll-interval=300ms")
			.run((context) -> {
				ChangeHistory history = context.getBean(ChangeHistory.class);
				WatchStatus status = context.getBean(WatchStatus.class);
				// Counted from here: a busy machine may have refused native events at
				// start.
				long errorsBefore = status.errors();
				UnreadableFiles.makeUnreadable(file);
				await().atMost(TIMEOUT).until(() -> history.entries(file).get(0).action() == ChangeAction.UNAVAILABLE);
				FileSnapshot snapshot = context.getBean(ConfigWatcher.class).files().get(0).snapshot();
				assertThat(snapshot.error()).isEqualTo("permission denied");
				assertThat(snapshot.sha256()).isNull();
				assertThat(status.errors()).isEqualTo(errorsBefore + 1);
				assertThat(context.getBean(RecordingListener.class).count()).isZero();
				UnreadableFiles.makeReadable(file, "secret=2");
				expectConfirmed(context.getBean(RecordingListener.class), 1, "secret=2");
			});
	}

	@Test
	void contentNeverReachesTheLogs(CapturedOutput output) throws Exception {
		Path file = this.dir.resolve("app.conf");
		Files.writeString(file, "password=first-secret-value");
		WatcherContext.runner("flush-manager.watch.files=" + file, "logging.level.io.flushmanager=DEBUG")
			.run((context) -> {
				Files.writeString(file, "password=second-secret-value");
				expectConfirmed(context.getBean(RecordingListener.class), 1, "password=second-secret-value");
			});
		assertThat(output).contains("File change confirmed after debounce period").doesNotContain("secret-value");
	}

	private static void expectConfirmed(RecordingListener listener, int count, String content) throws IOException {
		await().atMost(TIMEOUT).until(() -> listener.count() >= count);
		assertThat(listener.count()).isEqualTo(count);
		assertThat(listener.last().changes()).singleElement()
			.satisfies((change) -> assertThat(change.after().sha256()).isEqualTo(Hashes.sha256(content)));
	}

}
