package io.flushmanager.watch;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import io.flushmanager.support.Hashes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Only regular files are opened: anything else at a watched path is a state named by its
 * type, and a file over the size cap is recorded by stat alone. The read timeout is a
 * minute here, so a snapshot that opened a FIFO would not come back within the bound.
 */
class SnapshotReaderTest {

	private static final Duration BOUND = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	private final ContentReader content = new ContentReader(Duration.ofMinutes(1), WatchConfiguration.readerThreads());

	private final SnapshotReader reader = new SnapshotReader(DataSize.ofKilobytes(1), this.content);

	@AfterEach
	void close() {
		this.content.close();
	}

	@Test
	void aFifoIsNeverOpened() throws Exception {
		Path fifo = ContentReaderTest.mkfifo(this.dir.resolve("app.conf"));
		assertState(fifo, "not a regular file: fifo");
	}

	@Test
	void aCharacterDeviceBehindASymlinkIsNeverOpened() throws Exception {
		Path zero = Files.createSymbolicLink(this.dir.resolve("app.conf"), Path.of("/dev/zero"));
		FileSnapshot snapshot = assertState(zero, "not a regular file: character device");
		assertThat(snapshot.symlink()).isTrue();
		assertThat(snapshot.resolvedPath()).isEqualTo(Path.of("/dev/zero"));
	}

	@Test
	void aSocketIsNeverOpened() throws Exception {
		Path path = this.dir.resolve("app.conf");
		try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			socket.bind(UnixDomainSocketAddress.of(path));
			assertState(path, "not a regular file: socket");
		}
	}

	@Test
	void aDirectoryIsAState() throws Exception {
		assertState(Files.createDirectory(this.dir.resolve("app.conf")), "not a regular file: directory");
	}

	@Test
	void aFileOverTheCapIsRecordedByStatAlone() throws Exception {
		Path file = Files.writeString(this.dir.resolve("app.conf"), "x".repeat(1025));
		FileSnapshot snapshot = assertState(file,
				"larger than flush-manager.watch.max-file-size (1KB): recorded by stat alone, content not read");
		assertThat(snapshot.size()).isEqualTo(1025);
	}

	@Test
	void aFileAtTheCapIsRead() throws Exception {
		String text = "x".repeat(1024);
		FileSnapshot snapshot = this.reader.take(Files.writeString(this.dir.resolve("app.conf"), text));
		assertThat(snapshot.error()).isNull();
		assertThat(snapshot.sha256()).isEqualTo(Hashes.sha256(text));
	}

	private FileSnapshot assertState(Path path, String error) {
		FileSnapshot snapshot = assertTimeoutPreemptively(BOUND, () -> this.reader.take(path));
		assertThat(snapshot.exists()).isTrue();
		assertThat(snapshot.error()).isEqualTo(error);
		assertThat(snapshot.sha256()).isNull();
		assertThat(snapshot.inode()).isNotNull();
		return snapshot;
	}

}
