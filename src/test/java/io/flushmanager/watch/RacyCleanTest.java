package io.flushmanager.watch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import io.flushmanager.support.Hashes;
import io.flushmanager.support.ManualTicker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polling reads a file again only when its stat changed, when its last read was racily
 * clean (its mtime within {@link ContentRule#TIMESTAMP_GRANULARITY} of the read), or when
 * the verify interval has passed. Each rewrite here keeps the size, the inode and the
 * mtime (put back by hand, as a write within one timestamp step or a server clock behind
 * ours would), so the stat alone cannot show it. Time is a {@link ManualTicker}; the wall
 * clock moves with it.
 */
class RacyCleanTest {

	private static final Duration VERIFY = Duration.ofMinutes(1);

	@TempDir
	Path dir;

	private final ManualTicker ticker = new ManualTicker();

	private final Instant start = Instant.parse("2026-12-02T12:00:00Z");

	private final ContentReader content = new ContentReader(Duration.ofSeconds(30), WatchConfiguration.readerThreads());

	private final SnapshotReader reader = new SnapshotReader(DataSize.ofMegabytes(1), this.content, VERIFY,
			new TickerClock(this.start, this.ticker), this.ticker);

	private Path file;

	@BeforeEach
	void write() throws Exception {
		this.file = this.dir.resolve("app.conf");
		rewrite("level=info\n");
	}

	@AfterEach
	void close() {
		this.content.close();
	}

	@Test
	void aSameSizeSameMtimeRewriteRightAfterTheReadIsCaughtByTheRacyCleanRule() throws Exception {
		FileSnapshot first = this.reader.take(this.file);
		rewrite("level=warn\n");
		this.ticker.advance(Duration.ofMillis(200));
		FileSnapshot second = this.reader.take(this.file, first);
		assertThat(second.inode()).isEqualTo(first.inode());
		assertThat(second.lastModified()).isEqualTo(first.lastModified());
		assertThat(second.size()).isEqualTo(first.size());
		assertThat(second.sha256()).isEqualTo(Hashes.sha256("level=warn\n"));
		assertThat(ContentRule.differs(first, second)).isTrue();
	}

	@Test
	void aFileReadWellAfterItsMtimeIsTrustedByStatUntilTheVerifyIntervalCatchesTheRewrite() throws Exception {
		this.ticker.advance(ContentRule.TIMESTAMP_GRANULARITY.plusMillis(1));
		FileSnapshot clean = this.reader.take(this.file);
		rewrite("level=warn\n");
		this.ticker.advance(VERIFY.minusMillis(1));
		FileSnapshot trusted = this.reader.take(this.file, clean);
		assertThat(trusted.sha256()).as("same stat, not racy, verify not due: not read").isEqualTo(clean.sha256());
		this.ticker.advance(Duration.ofMillis(1));
		FileSnapshot verified = this.reader.take(this.file, trusted);
		assertThat(verified.sha256()).isEqualTo(Hashes.sha256("level=warn\n"));
	}

	@Test
	void aRacilyCleanFileIsReadOnEveryCheckUntilAReadComesClearlyAfterItsMtime() throws Exception {
		FileSnapshot racy = this.reader.take(this.file);
		this.ticker.advance(Duration.ofSeconds(1));
		FileSnapshot stillRacy = this.reader.take(this.file, racy);
		assertThat(stillRacy.hashedAt()).isAfter(racy.hashedAt());
		this.ticker.advance(Duration.ofSeconds(2));
		FileSnapshot clean = this.reader.take(this.file, stillRacy);
		assertThat(clean.hashedAt()).isEqualTo(this.start.plusSeconds(3));
		this.ticker.advance(Duration.ofSeconds(1));
		assertThat(this.reader.take(this.file, clean).hashedAt()).as("clean: not read again")
			.isEqualTo(clean.hashedAt());
	}

	@Test
	void aChangedStatIsReadAtOnce() throws Exception {
		this.ticker.advance(ContentRule.TIMESTAMP_GRANULARITY.plusSeconds(1));
		FileSnapshot clean = this.reader.take(this.file);
		Files.writeString(this.file, "level=debug\n");
		Files.setLastModifiedTime(this.file, FileTime.from(this.start.plusSeconds(3)));
		this.ticker.advance(Duration.ofMillis(1));
		assertThat(this.reader.take(this.file, clean).sha256()).isEqualTo(Hashes.sha256("level=debug\n"));
	}

	/** Same size, same inode, and the mtime put back to the start. */
	private void rewrite(String text) throws Exception {
		Files.writeString(this.file, text);
		Files.setLastModifiedTime(this.file, FileTime.from(this.start));
	}

	/** The wall clock as the start plus the ticker's progress. */
	private static final class TickerClock extends Clock {

		private final Instant start;

		private final ManualTicker ticker;

		private final long origin;

		TickerClock(Instant start, ManualTicker ticker) {
			this.start = start;
			this.ticker = ticker;
			this.origin = ticker.nanoTime();
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.start.plusNanos(this.ticker.nanoTime() - this.origin);
		}

	}

}
