package io.flushmanager.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import io.flushmanager.collect.ledger.State;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local clean-up removes stored files, oldest first; a file not yet stored goes only past
 * the hard limit, and then visibly.
 */
class QuotaCleanerTest {

	@TempDir
	Path root;

	@Test
	void storedFilesGoOldestFirstAndUnstoredOnlyPastTheHardLimit() throws Exception {
		try (Harness h = new Harness(this.root, Duration.ofSeconds(1), CollectProperties.AfterUpload.KEEP)) {
			Path old = Files.write(h.in.resolve("core.old"), new byte[4000]);
			Path recent = Files.write(h.in.resolve("core.recent"), new byte[4000]);
			Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));
			h.poll();
			h.ticker.advance(Duration.ofSeconds(1));
			h.collector.tick();
			h.runWorkers();
			assertThat(h.ledger.all()).allMatch((e) -> e.state() == State.DONE);
			Path pending = Files.write(h.in.resolve("core.pending"), new byte[4000]);
			h.poll();
			long now = Clock.systemUTC().millis();
			new QuotaCleaner(h.ledger, new CollectProperties.Quota(DataSize.ofBytes(9000), null, null),
					Clock.systemUTC(), h.stats)
				.clean(now);
			assertThat(old).as("oldest stored file first").doesNotExist();
			assertThat(recent).exists();
			assertThat(pending).exists();
			new QuotaCleaner(h.ledger, new CollectProperties.Quota(DataSize.ofBytes(0), null, null), Clock.systemUTC(),
					h.stats)
				.clean(now);
			assertThat(recent).doesNotExist();
			assertThat(pending).as("not stored yet: kept below the hard limit").exists();
			new QuotaCleaner(h.ledger, new CollectProperties.Quota(null, null, DataSize.ofBytes(1000)),
					Clock.systemUTC(), h.stats)
				.clean(now);
			assertThat(pending).doesNotExist();
			assertThat(h.byPath().get(pending.toString()).state()).isEqualTo(State.FAILED);
			assertThat(h.stats.count("removed_unstored")).isEqualTo(1);
		}
	}

}
