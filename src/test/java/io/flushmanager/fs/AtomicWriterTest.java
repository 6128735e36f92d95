package io.flushmanager.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The kubelet AtomicWriter replica leaves exactly the layout the kubelet leaves.
 */
class AtomicWriterTest {

	@TempDir
	Path dir;

	@Test
	void firstWriteCreatesTimestampedDirDataLinkAndVisibleLinks() throws IOException {
		assertThat(new AtomicWriter(this.dir).writeText(Map.of("app.conf", "a=1\n"))).isTrue();
		Path data = this.dir.resolve("..data");
		assertThat(Files.isSymbolicLink(data)).isTrue();
		assertThat(Files.readSymbolicLink(data).toString())
			.matches("\\.\\.\\d{4}_\\d{2}_\\d{2}_\\d{2}_\\d{2}_\\d{2}\\.\\d+");
		assertThat(Files.readSymbolicLink(this.dir.resolve("app.conf"))).isEqualTo(Path.of("..data/app.conf"));
		assertThat(Files.readString(this.dir.resolve("app.conf"))).isEqualTo("a=1\n");
		assertThat(names()).containsExactlyInAnyOrder("..data", "app.conf", Files.readSymbolicLink(data).toString());
	}

	@Test
	void updateSwapsDataKeepsVisibleLinkAndDeletesOldDir() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.dir);
		writer.writeText(Map.of("app.conf", "a=1\n"));
		Path visible = this.dir.resolve("app.conf");
		Object linkInode = Files.getAttribute(visible, "unix:ino", LinkOption.NOFOLLOW_LINKS);
		Object fileInode = Files.getAttribute(visible, "unix:ino");
		Path oldTs = Files.readSymbolicLink(this.dir.resolve("..data"));

		assertThat(writer.writeText(Map.of("app.conf", "a=2\n"))).isTrue();

		assertThat(Files.getAttribute(visible, "unix:ino", LinkOption.NOFOLLOW_LINKS)).isEqualTo(linkInode);
		assertThat(Files.getAttribute(visible, "unix:ino")).isNotEqualTo(fileInode);
		assertThat(Files.readString(visible)).isEqualTo("a=2\n");
		assertThat(Files.exists(this.dir.resolve(oldTs), LinkOption.NOFOLLOW_LINKS)).isFalse();
		assertThat(Files.exists(this.dir.resolve("..data_tmp"), LinkOption.NOFOLLOW_LINKS)).isFalse();
		assertThat(names()).hasSize(3);
	}

	@Test
	void identicalPayloadIsANoOp() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.dir);
		writer.writeText(Map.of("app.conf", "a=1\n", "other.conf", "x"));
		Path ts = Files.readSymbolicLink(this.dir.resolve("..data"));
		assertThat(writer.writeText(Map.of("app.conf", "a=1\n", "other.conf", "x"))).isFalse();
		assertThat(Files.readSymbolicLink(this.dir.resolve("..data"))).isEqualTo(ts);
	}

	@Test
	void removedKeyLosesItsVisibleLink() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.dir);
		writer.writeText(Map.of("app.conf", "a=1\n", "other.conf", "x"));
		assertThat(writer.writeText(Map.of("app.conf", "a=1\n"))).isTrue();
		assertThat(Files.exists(this.dir.resolve("other.conf"), LinkOption.NOFOLLOW_LINKS)).isFalse();
		assertThat(Files.readString(this.dir.resolve("app.conf"))).isEqualTo("a=1\n");
	}

	@Test
	void fileModeAppliesToEveryWrittenFile() throws IOException {
		AtomicWriter writer = new AtomicWriter(this.dir).withFileMode(PosixFilePermissions.fromString("r--------"));
		writer.writeText(Map.of("password", "x"));
		writer.writeText(Map.of("password", "y"));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.dir.resolve("password"))))
			.isEqualTo("r--------");
		assertThat(Files.readString(this.dir.resolve("password"))).isEqualTo("y");
	}

	@Test
	void removeAllTakesTheWholeLayout() throws IOException {
		Path target = this.dir.resolve("obj");
		AtomicWriter writer = new AtomicWriter(target).withFileMode(PosixFilePermissions.fromString("r--------"));
		writer.writeText(Map.of("a", "1", "b", "2"));
		assertThat(writer.removeAll()).isTrue();
		assertThat(target).doesNotExist();
		assertThat(writer.removeAll()).isFalse();
	}

	@Test
	void keysAreCheckedAsTheApiServerChecksThem() {
		assertThat(List.of("app.conf", ".hidden", "a-b_c.D9", "x".repeat(253))).allMatch(AtomicWriter::isValidKey);
		assertThat(List.of("", ".", "..", "..data", "../x", "a/b", "/abs", "a b", "x".repeat(254), "nul\u0000"))
			.noneMatch(AtomicWriter::isValidKey);
		Path target = this.dir.resolve("obj");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AtomicWriter(target).writeText(Map.of("../escaped", "1")));
		assertThat(this.dir.resolve("escaped")).doesNotExist();
	}

	private List<String> names() throws IOException {
		try (Stream<Path> entries = Files.list(this.dir)) {
			return entries.map((path) -> path.getFileName().toString()).toList();
		}
	}

}
