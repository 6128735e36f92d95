package io.flushmanager.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.flushmanager.support.ManualTicker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When polling may take an earlier hash over without reading the file
 * ({@link ContentRule#hashStillValid}): snapshots made up in memory, time on a
 * {@link ManualTicker}. {@link RacyCleanTest} shows the same rule on real files.
 */
class HashReuseTest {

	private static final Path FILE = Path.of("/etc/app/app.conf");

	private static final Instant MTIME = Instant.parse("2026-01-01T00:00:00Z");

	private static final Duration VERIFY = Duration.ofMinutes(1);

	/** Read well after the mtime: not racy. */
	private static final Instant CLEAN_READ = MTIME.plusSeconds(10);

	private final ManualTicker ticker = new ManualTicker();

	@Test
	void theSameStatReadCleanlyAndRecentlyKeepsItsHash() {
		FileSnapshot earlier = hashed(CLEAN_READ);
		this.ticker.advance(Duration.ofSeconds(59));
		assertThat(ContentRule.hashStillValid(earlier, stat(1, 3, MTIME), this.ticker.nanoTime(), VERIFY)).isTrue();
	}

	@Test
	void anyStatChangeReadsAgain() {
		FileSnapshot earlier = hashed(CLEAN_READ);
		long now = this.ticker.nanoTime();
		assertThat(ContentRule.hashStillValid(earlier, stat(2, 3, MTIME), now, VERIFY)).as("inode").isFalse();
		assertThat(ContentRule.hashStillValid(earlier, stat(1, 4, MTIME), now, VERIFY)).as("size").isFalse();
		assertThat(ContentRule.hashStillValid(earlier, stat(1, 3, MTIME.plusNanos(1)), now, VERIFY)).as("mtime")
			.isFalse();
		FileSnapshot retargeted = new FileSnapshot(FILE, true, true, Path.of("/etc/app/..2026/app.conf"), true, 1L, 1L,
				3L, MTIME, null, null);
		assertThat(ContentRule.hashStillValid(earlier, retargeted, now, VERIFY)).as("resolved path").isFalse();
	}

	@Test
	void aReadWithinTheTimestampGranularityOfTheMtimeIsRacyAndReadAgain() {
		Instant racy = MTIME.plus(ContentRule.TIMESTAMP_GRANULARITY).minusMillis(1);
		assertThat(ContentRule.hashStillValid(hashed(racy), stat(1, 3, MTIME), this.ticker.nanoTime(), VERIFY))
			.isFalse();
		Instant clear = MTIME.plus(ContentRule.TIMESTAMP_GRANULARITY).plusMillis(1);
		assertThat(ContentRule.hashStillValid(hashed(clear), stat(1, 3, MTIME), this.ticker.nanoTime(), VERIFY))
			.isTrue();
	}

	@Test
	void aHashOlderThanTheVerifyIntervalIsReadAgain() {
		FileSnapshot earlier = hashed(CLEAN_READ);
		this.ticker.advance(VERIFY);
		assertThat(ContentRule.hashStillValid(earlier, stat(1, 3, MTIME), this.ticker.nanoTime(), VERIFY)).isFalse();
	}

	@Test
	void noHashAnErrorOrAMissingFileIsNeverTakenOver() {
		long now = this.ticker.nanoTime();
		FileSnapshot unhashed = new FileSnapshot(FILE, true, false, FILE, false, 1L, 1L, 3L, MTIME, null, null);
		assertThat(ContentRule.hashStillValid(unhashed, stat(1, 3, MTIME), now, VERIFY)).as("never hashed").isFalse();
		FileSnapshot failing = new FileSnapshot(FILE, true, false, FILE, false, 1L, 1L, 3L, MTIME, null, "slow");
		assertThat(ContentRule.hashStillValid(hashed(CLEAN_READ), failing, now, VERIFY)).as("error now").isFalse();
		FileSnapshot missing = new FileSnapshot(FILE, false, false, null, false, null, null, null, null, null, null);
		assertThat(ContentRule.hashStillValid(hashed(CLEAN_READ), missing, now, VERIFY)).as("missing now").isFalse();
	}

	private FileSnapshot hashed(Instant readAt) {
		return new FileSnapshot(FILE, true, false, FILE, false, 1L, 1L, 3L, MTIME, "aaa", null, readAt,
				this.ticker.nanoTime());
	}

	private static FileSnapshot stat(long inode, long size, Instant mtime) {
		return new FileSnapshot(FILE, true, false, FILE, false, 1L, inode, size, mtime, null, null);
	}

}
