package io.flushmanager.reload.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.config.StartupFailureException;
import io.flushmanager.fs.AtomicWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stage dir's state survives a restart of the service, and what a killed write left
 * behind is cleaned without touching the payload {@code ..data} shows.
 */
class StageTest {

	@TempDir
	Path dir;

	private static Map<String, byte[]> payload(String content) {
		return Map.of("exporter.conf", content.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void lastGoodFailedAndPendingSurviveARestart() throws IOException {
		Stage stage = new Stage(this.dir);
		stage.write(payload("good"));
		stage.commit(payload("good"));
		stage.failed(Map.of("exporter.conf", Payloads.sha256("bad".getBytes(StandardCharsets.UTF_8))));
		stage.pending(Map.of("exporter.conf", Payloads.sha256("next".getBytes(StandardCharsets.UTF_8))));

		Stage again = new Stage(this.dir);
		assertThat(new String(again.good().get("exporter.conf"), StandardCharsets.UTF_8)).isEqualTo("good");
		assertThat(again.hasFailed("exporter.conf", Payloads.sha256("bad".getBytes(StandardCharsets.UTF_8)))).isTrue();
		assertThat(again.pending()).containsKey("exporter.conf");
		// A commit of the file clears its failure mark: "until the file changes".
		again.commit(payload("other"));
		assertThat(
				new Stage(this.dir).hasFailed("exporter.conf", Payloads.sha256("bad".getBytes(StandardCharsets.UTF_8))))
			.isFalse();
		assertThat(again.pending()).isEmpty();
	}

	@Test
	void leftoversOfAKilledWriteAreRemovedAndThePayloadStaysWhole() throws IOException {
		Stage stage = new Stage(this.dir);
		stage.write(payload("good"));
		// What a SIGKILL between the steps of a write leaves: a new timestamped
		// directory, half written,
		// and the ..data_tmp link to it; ..data still names the old directory.
		Path orphan = Files.createDirectory(this.dir.resolve("..2026_12_02_15_00_00.123456789"));
		Files.writeString(orphan.resolve("exporter.conf"), "hal");
		Files.createSymbolicLink(this.dir.resolve(AtomicWriter.DATA_DIR_TMP), orphan.getFileName());

		Stage again = new Stage(this.dir);
		assertThat(orphan).doesNotExist();
		assertThat(this.dir.resolve(AtomicWriter.DATA_DIR_TMP)).doesNotExist();
		assertThat(new String(again.staged().get("exporter.conf"), StandardCharsets.UTF_8)).isEqualTo("good");
		assertThat(Files.readString(this.dir.resolve("exporter.conf"))).isEqualTo("good");
	}

	@Test
	void aFailedWriteLeavesTheOldPayloadAndNoDirectoryBehind() throws IOException {
		Stage stage = new Stage(this.dir);
		stage.write(payload("good"));
		long before;
		try (var entries = Files.list(this.dir)) {
			before = entries.count();
		}
		// A file whose bytes cannot be produced stands in for a full disk: the write
		// fails after the new
		// timestamped directory exists and one file is in it.
		assertThatThrownBy(() -> stage.write(new FailingSecondFile())).isInstanceOf(UncheckedIOException.class)
			.hasMessageContaining("No space left on device");
		try (var entries = Files.list(this.dir)) {
			assertThat(entries.count()).isEqualTo(before);
		}
		assertThat(Files.readString(this.dir.resolve("exporter.conf"))).isEqualTo("good");
	}

	@Test
	void twoWatchedFilesOfOneNameAreAStartupError() {
		assertThatThrownBy(() -> TransactionConfiguration
			.checkNames(java.util.List.of(Path.of("/a/exporter.conf"), Path.of("/b/exporter.conf")), this.dir))
			.isInstanceOf(StartupFailureException.class)
			.hasMessageContaining("same name");
	}

	/**
	 * {@code new.conf}, then {@code exporter.conf} whose content fails to be read, as a
	 * full disk would.
	 */
	private static final class FailingSecondFile extends java.util.AbstractMap<String, byte[]> {

		@Override
		public java.util.Set<Entry<String, byte[]>> entrySet() {
			Entry<String, byte[]> failing = new SimpleImmutableEntry<>("exporter.conf", new byte[0]) {

				@Override
				public byte[] getValue() {
					throw new UncheckedIOException(new IOException("No space left on device"));
				}

			};
			java.util.Set<Entry<String, byte[]>> entries = new java.util.LinkedHashSet<>();
			entries.add(new SimpleImmutableEntry<>("new.conf", "x".getBytes(StandardCharsets.UTF_8)));
			entries.add(failing);
			return entries;
		}

	}

}
