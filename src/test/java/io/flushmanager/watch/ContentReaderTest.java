package io.flushmanager.watch;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.support.Hashes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read timeout, made deterministic with a FIFO that has no writer: its open blocks
 * until one comes, which is what a file swapped for a FIFO between the stat and the open,
 * or a hung mount, does to a read.
 */
class ContentReaderTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	@Test
	void aReadThatDoesNotFinishIsAbandonedAndTheFileIsNotReadAgainUntilItReturns() throws Exception {
		Path fifo = mkfifo(this.dir.resolve("app.conf"));
		Map<String, Object> id = Files.readAttributes(fifo, "unix:dev,ino");
		AtomicInteger threads = new AtomicInteger();
		ThreadFactory counting = (task) -> {
			threads.incrementAndGet();
			return WatchConfiguration.readerThreads().newThread(task);
		};
		try (ContentReader reader = new ContentReader(Duration.ofMillis(300), counting)) {
			long start = System.nanoTime();
			ContentReader.Content content = reader.read(fifo, (Long) id.get("dev"), (Long) id.get("ino"), 1024);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(TIMEOUT);
			assertThat(content.sha256()).isNull();
			assertThat(content.error()).startsWith("read timed out after 300ms");
			assertThat(reader.stuck()).isOne();
			// The same file again: no second thread is spent on it while the first is
			// stuck.
			ContentReader.Content again = reader.read(fifo, (Long) id.get("dev"), (Long) id.get("ino"), 1024);
			assertThat(again.error()).isEqualTo(content.error());
			assertThat(threads).hasValue(1);
			// A writer lets the stuck open return; then the file may be read again.
			try (FileChannel writer = FileChannel.open(fifo, StandardOpenOption.WRITE)) {
				await().atMost(TIMEOUT).until(() -> reader.stuck() == 0);
			}
		}
	}

	@Test
	void aRegularFileIsHashed() throws Exception {
		Path file = Files.writeString(this.dir.resolve("app.conf"), "a");
		Map<String, Object> id = Files.readAttributes(file, "unix:dev,ino");
		try (ContentReader reader = new ContentReader(Duration.ofSeconds(5), WatchConfiguration.readerThreads())) {
			ContentReader.Content content = reader.read(file, (Long) id.get("dev"), (Long) id.get("ino"), 1024);
			assertThat(content.sha256()).isEqualTo(Hashes.sha256("a"));
			assertThat(content.error()).isNull();
		}
	}

	@Test
	void aFileSwappedForADeviceAfterTheStatIsNotHashed() throws Exception {
		Path regular = Files.writeString(this.dir.resolve("real.conf"), "a");
		Map<String, Object> id = Files.readAttributes(regular, "unix:dev,ino");
		Path swapped = Files.createSymbolicLink(this.dir.resolve("app.conf"), Path.of("/dev/zero"));
		try (ContentReader reader = new ContentReader(Duration.ofSeconds(5), WatchConfiguration.readerThreads())) {
			ContentReader.Content content = reader.read(swapped, (Long) id.get("dev"), (Long) id.get("ino"), 1024);
			assertThat(content.sha256()).isNull();
			assertThat(content.retry()).isTrue();
		}
	}

	@Test
	void aReadStopsPastTheSizeCap() throws Exception {
		Path file = Files.writeString(this.dir.resolve("app.conf"), "x".repeat(2048));
		Map<String, Object> id = Files.readAttributes(file, "unix:dev,ino");
		try (ContentReader reader = new ContentReader(Duration.ofSeconds(5), WatchConfiguration.readerThreads())) {
			ContentReader.Content content = reader.read(file, (Long) id.get("dev"), (Long) id.get("ino"), 1024);
			assertThat(content.sha256()).isNull();
			assertThat(content.retry()).isTrue();
		}
	}

	static Path mkfifo(Path path) throws Exception {
		Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
		assertThat(mkfifo.waitFor()).isZero();
		return path;
	}

}
