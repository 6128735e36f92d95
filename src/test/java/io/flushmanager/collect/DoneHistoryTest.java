package io.flushmanager.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.collect.ledger.Entry;
import io.flushmanager.collect.ledger.Ledger;
import io.flushmanager.collect.ledger.State;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's DONE history is bounded, and only by entries whose files are gone.
 */
class DoneHistoryTest {

	private static final long DAY = Duration.ofDays(1).toMillis();

	@TempDir
	Path dir;

	@Test
	void doneEntriesOfGoneFilesBeyondTheNewestThousandAreForgottenOnceADayOld() throws IOException {
		long now = 10 * DAY;
		Path present = Files.writeString(this.dir.resolve("core.present"), "still here");
		FileStat stat = FileStat.of(present).orElseThrow();
		try (Ledger ledger = Ledger.open(this.dir.resolve("state"))) {
			// 1,200 gone and DONE: 150 of them recent, the rest old.
			List<Entry> gone = new ArrayList<>();
			for (int i = 0; i < 1200; i++) {
				long updated = (i < 150) ? now - i : now - 2 * DAY - i;
				gone.add(done("gone-" + i, this.dir.resolve("core.gone." + i), 1, i + 10, updated));
			}
			ledger.putAll(gone);
			// An old DONE entry whose file is still there keeps it from being handed off
			// again; an old pending one is work.
			ledger.put(done("present", present, stat.device(), stat.inode(), now - 3 * DAY));
			ledger.put(Entry.discovered("pending", this.dir.resolve("core.pending"), 1, 5, 1, 1, now - 3 * DAY));
			DoneHistory history = new DoneHistory(ledger, Clock.systemUTC());

			assertThat(history.prune(now)).isEqualTo(200);
			assertThat(ledger.all()).hasSize(1002);
			assertThat(ledger.get("present")).isPresent();
			assertThat(ledger.get("pending")).isPresent();
			assertThat(ledger.get("gone-0")).as("the newest stay").isPresent();
			assertThat(ledger.get("gone-1199")).as("the oldest go").isEmpty();
			assertThat(history.prune(now)).as("nothing more to do").isZero();
		}
		try (Ledger reopened = Ledger.open(this.dir.resolve("state"))) {
			assertThat(reopened.all()).as("forgotten durably").hasSize(1002);
		}
	}

	@Test
	void recentHistoryIsKeptEvenBeyondAThousand() throws IOException {
		long now = 10 * DAY;
		try (Ledger ledger = Ledger.open(this.dir.resolve("state"))) {
			List<Entry> gone = new ArrayList<>();
			for (int i = 0; i < 1100; i++) {
				gone.add(done("gone-" + i, this.dir.resolve("core.gone." + i), 1, i + 10, now - i));
			}
			ledger.putAll(gone);
			assertThat(new DoneHistory(ledger, Clock.systemUTC()).prune(now)).isZero();
			assertThat(ledger.all()).hasSize(1100);
		}
	}

	@Test
	void aFileThatCannotBeStatedIsNotGone() throws IOException {
		long now = 10 * DAY;
		Path file = Files.writeString(this.dir.resolve("core.hidden"), "x");
		try (Ledger ledger = Ledger.open(this.dir.resolve("state"))) {
			List<Entry> odd = new ArrayList<>();
			for (int i = 0; i < 1001; i++) {
				// A path through a regular file fails with ENOTDIR, not ENOENT: not
				// "gone".
				odd.add(done("odd-" + i, file.resolve("core." + i), 1, i + 10, now - 2 * DAY));
			}
			ledger.putAll(odd);
			assertThat(new DoneHistory(ledger, Clock.systemUTC()).prune(now)).isZero();
		}
	}

	private static Entry done(String id, Path path, long device, long inode, long updated) {
		return Entry.discovered(id, path, device, inode, 1, 1, updated)
			.settled(1, 1, 1, "ab", "k/" + id, Map.of(), updated)
			.withState(State.DONE, updated);
	}

}
