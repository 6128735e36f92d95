package io.flushmanager.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.collect.ledger.Entry;
import io.flushmanager.support.ManualTicker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settle rule on its own: a file is ready once its size and mtime have not changed
 * for the settle time. Real files, time on a {@link ManualTicker}.
 */
class SettlingTest {

	private static final Duration SETTLE = Duration.ofSeconds(5);

	private final ManualTicker ticker = new ManualTicker();

	private final Settling settling = new Settling(this.ticker, SETTLE);

	@TempDir
	Path dir;

	@Test
	void aFileIsReadyOnceQuietForTheSettleTime() throws IOException {
		Entry entry = found(Files.writeString(this.dir.resolve("core.1"), "abc"));
		this.ticker.advance(SETTLE.minusMillis(1));
		assertThat(this.settling.quietLongEnough(entry, this.ticker.nanoTime())).isFalse();
		this.ticker.advance(Duration.ofMillis(1));
		assertThat(this.settling.quietLongEnough(entry, this.ticker.nanoTime())).isTrue();
	}

	@Test
	void growingStartsTheQuietTimeOver() throws IOException {
		Path file = Files.writeString(this.dir.resolve("core.1"), "abc");
		Entry entry = found(file);
		this.ticker.advance(SETTLE.minusSeconds(1));
		Files.writeString(file, "def", StandardOpenOption.APPEND);
		assertThat(this.settling.quietLongEnough(entry, this.ticker.nanoTime())).as("grew: over again").isFalse();
		this.ticker.advance(SETTLE.minusMillis(1));
		assertThat(this.settling.quietLongEnough(entry, this.ticker.nanoTime())).isFalse();
		this.ticker.advance(Duration.ofMillis(1));
		assertThat(this.settling.quietLongEnough(entry, this.ticker.nanoTime())).isTrue();
	}

	@Test
	void seeingAnUnchangedFileAgainDoesNotStartOver() throws IOException {
		Path file = Files.writeString(this.dir.resolve("core.1"), "abc");
		Entry entry = found(file);
		this.ticker.advance(SETTLE.minusSeconds(1));
		this.settling.track(entry.id(), FileStat.of(file).orElseThrow());
		this.ticker.advance(Duration.ofSeconds(1));
		assertThat(this.settling.quietLongEnough(entry, this.ticker.nanoTime())).isTrue();
	}

	@Test
	void aFileGoneBeforeItSettledIsHandedOnAtOnce() throws IOException {
		Path file = Files.writeString(this.dir.resolve("core.1"), "abc");
		Entry entry = found(file);
		Files.delete(file);
		assertThat(this.settling.quietLongEnough(entry, this.ticker.nanoTime())).as("its worker records it").isTrue();
	}

	@Test
	void aForgottenFileStartsOverWhenSeenAgain() throws IOException {
		Entry entry = found(Files.writeString(this.dir.resolve("core.1"), "abc"));
		this.ticker.advance(SETTLE);
		this.settling.forget(entry.id());
		assertThat(this.settling.quietLongEnough(entry, this.ticker.nanoTime())).isFalse();
		this.ticker.advance(SETTLE);
		assertThat(this.settling.quietLongEnough(entry, this.ticker.nanoTime())).isTrue();
	}

	private Entry found(Path file) throws IOException {
		FileStat stat = FileStat.of(file).orElseThrow();
		Entry entry = Entry.discovered("id-" + file.getFileName(), file, stat.device(), stat.inode(), stat.size(),
				stat.mtime(), 0);
		this.settling.start(entry.id(), stat.size(), stat.mtime(), this.ticker.nanoTime());
		return entry;
	}

}
