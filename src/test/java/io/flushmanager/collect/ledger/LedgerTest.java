package io.flushmanager.collect.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class LedgerTest {

	@TempDir
	Path dir;

	@Test
	void transitionsSurviveAReopenAndATornLastRecordIsDropped() throws IOException {
		Entry entry = Entry.discovered("id-1", Path.of("/c/core.1"), 1, 2, 3, 4, 5);
		try (Ledger ledger = Ledger.open(this.dir)) {
			ledger.put(entry);
			ledger.put(entry.withState(State.SETTLED, 6));
		}
		// A crash in the middle of the next write.
		Files.writeString(this.dir.resolve(Ledger.JOURNAL), "0badc0de id=id-1&state=DO", StandardOpenOption.APPEND);
		try (Ledger ledger = Ledger.open(this.dir)) {
			assertThat(ledger.get("id-1")).get().extracting(Entry::state).isEqualTo(State.SETTLED);
			assertThat(ledger.byInode(1, 2)).get().extracting(Entry::id).isEqualTo("id-1");
			ledger.put(ledger.get("id-1").orElseThrow().withState(State.DONE, 7));
		}
		try (Ledger ledger = Ledger.open(this.dir)) {
			assertThat(ledger.get("id-1")).get().extracting(Entry::state).isEqualTo(State.DONE);
		}
	}

	@Test
	void valuesWithAnyCharactersRoundTrip() throws IOException {
		Entry entry = Entry.discovered("id-2", Path.of("/c/a b&c=d%e\nf"), 1, 2, 3, 4, 5)
			.settled(9, 3, 4, "ab", "k/ä b", java.util.Map.of("args", "sleep 60 & x=1"), 6);
		try (Ledger ledger = Ledger.open(this.dir)) {
			ledger.put(entry);
		}
		try (Ledger ledger = Ledger.open(this.dir)) {
			assertThat(ledger.get("id-2")).contains(entry);
		}
	}

	@Test
	void oneStateDirectoryServesOneCollector() throws IOException {
		try (Ledger ledger = Ledger.open(this.dir)) {
			assertThatIOException().isThrownBy(() -> Ledger.open(this.dir)).withMessageContaining("in use");
		}
	}

	@Test
	void compactionKeepsTheNewestOfEachEntry() throws IOException {
		Entry entry = Entry.discovered("id-3", Path.of("/c/core.3"), 1, 3, 3, 4, 5);
		java.io.ByteArrayOutputStream journal = new java.io.ByteArrayOutputStream();
		for (int i = 0; i < 5000; i++) {
			journal.writeBytes(JournalLine.encode(entry.failedAttempt("e" + i, i, i)));
		}
		Files.write(this.dir.resolve(Ledger.JOURNAL), journal.toByteArray());
		try (Ledger ledger = Ledger.open(this.dir)) {
			assertThat(ledger.get("id-3")).get().extracting(Entry::attempts).isEqualTo(4999);
		}
		assertThat(Files.readAllLines(this.dir.resolve(Ledger.JOURNAL))).hasSize(1);
	}

}
