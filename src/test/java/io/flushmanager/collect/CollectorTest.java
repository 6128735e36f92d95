package io.flushmanager.collect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.collect.ledger.Entry;
import io.flushmanager.collect.ledger.State;
import io.flushmanager.collect.store.FileTarget;
import io.flushmanager.collect.store.StoredObject;
import io.flushmanager.collect.store.Target;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settle, hand-off order, retries and identity, with manual time over real files and a
 * real ledger.
 */
class CollectorTest {

	private static final Duration SETTLE = Duration.ofSeconds(5);

	@TempDir
	Path root;

	@Test
	void aFilePresentBeforeStartIsCollectedOnceAfterTheSettleTime() throws IOException {
		try (Harness h = new Harness(this.root, SETTLE, CollectProperties.AfterUpload.KEEP)) {
			Path core = Files.writeString(Files.createDirectories(h.in.resolve("ns/pod/app")).resolve("core.1"),
					"crash");
			h.poll();
			h.collector.tick();
			assertThat(h.queued).isEmpty();
			h.ticker.advance(SETTLE.minusMillis(1));
			h.collector.tick();
			assertThat(h.queued).as("not yet quiet for the settle time").isEmpty();
			h.ticker.advance(Duration.ofMillis(1));
			h.collector.tick();
			assertThat(h.runWorkers()).isEqualTo(1);
			Entry done = h.only();
			assertThat(done.state()).isEqualTo(State.DONE);
			assertThat(done.key()).startsWith("ns/pod/app/").endsWith("-core.1.gz");
			assertThat(gunzip(h.out.resolve(done.key()))).isEqualTo("crash");
			assertThat(core).exists();
			h.poll();
			h.ticker.advance(SETTLE.multipliedBy(2));
			h.collector.tick();
			assertThat(h.queued).as("a DONE file is never handed off again").isEmpty();
			assertThat(h.ledger.all()).hasSize(1);
		}
	}

	@Test
	void aSlowWriterIsStoredCompleteNotHalfWritten() throws IOException {
		try (Harness h = new Harness(this.root, SETTLE, CollectProperties.AfterUpload.KEEP)) {
			Path core = Files.writeString(h.in.resolve("core.2"), "part1-");
			h.poll();
			for (String part : List.of("part2-", "part3")) {
				h.ticker.advance(SETTLE.minusMillis(100));
				h.collector.tick();
				assertThat(h.queued).isEmpty();
				append(core, part);
				h.collector.tick();
			}
			assertThat(h.queued).as("each pause was shorter than the settle time").isEmpty();
			h.ticker.advance(SETTLE);
			h.collector.tick();
			h.runWorkers();
			Entry done = h.only();
			assertThat(done.state()).isEqualTo(State.DONE);
			assertThat(done.size()).isEqualTo("part1-part2-part3".length());
			assertThat(gunzip(h.out.resolve(done.key()))).isEqualTo("part1-part2-part3");
		}
	}

	@Test
	void aFileThatChangesAfterItSettledIsSettledAgainAndNothingTruncatedIsStored() throws IOException {
		try (Harness h = new Harness(this.root, SETTLE, CollectProperties.AfterUpload.KEEP)) {
			Path core = Files.writeString(h.in.resolve("core.3"), "first");
			h.poll();
			Entry found = h.only();
			FileStat stat = FileStat.of(core).orElseThrow();
			// As if a worker had settled it and crashed: the ledger says SETTLED with the
			// first content.
			h.ledger.put(found.settled(stat.ctime(), stat.size(), stat.mtime(),
					"0000000000000000000000000000000000000000000000000000000000000000", "k/core.3.gz",
					java.util.Map.of(), 1));
			append(core, "-and-more");
			h.ticker.advance(SETTLE);
			h.collector.tick();
			h.runWorkers();
			assertThat(h.only().state()).isEqualTo(State.DISCOVERED);
			assertThat(h.out.resolve("k/core.3.gz")).doesNotExist();
			h.ticker.advance(SETTLE);
			h.collector.tick();
			h.ticker.advance(SETTLE);
			h.collector.tick();
			h.runWorkers();
			assertThat(h.only().state()).isEqualTo(State.DONE);
			assertThat(gunzip(h.out.resolve(h.only().key()))).isEqualTo("first-and-more");
			assertThat(h.only().id()).isEqualTo(found.id());
		}
	}

	@Test
	void aFileDeletedBeforeItWasStoredIsFailedAndVisible() throws IOException {
		try (Harness h = new Harness(this.root, SETTLE, CollectProperties.AfterUpload.KEEP)) {
			Path core = Files.writeString(h.in.resolve("core.4"), "x");
			h.poll();
			Files.delete(core);
			h.ticker.advance(SETTLE);
			h.collector.tick();
			h.runWorkers();
			assertThat(h.only().state()).isEqualTo(State.FAILED);
			assertThat(h.only().error()).contains("deleted before it was stored");
			assertThat(h.stats.count("vanished")).isEqualTo(1);
		}
	}

	@Test
	void aNewFileReusingTheInodeOfAVanishedOneIsCollected() throws IOException {
		try (Harness h = new Harness(this.root, SETTLE, CollectProperties.AfterUpload.KEEP)) {
			Path core = Files.writeString(h.in.resolve("core.new"), "new crash");
			FileStat stat = FileStat.of(core).orElseThrow();
			// The ledger's record of an earlier file with this inode, deleted before it
			// was stored.
			h.ledger.put(Entry.discovered("gone", h.in.resolve("core.gone"), stat.device(), stat.inode(), 3, 1, 1)
				.failed("deleted before it was stored", 1));
			h.poll();
			assertThat(h.ledger.all()).hasSize(2);
			h.ticker.advance(SETTLE);
			h.collector.tick();
			h.runWorkers();
			assertThat(h.byPath().get(core.toString()).state()).isEqualTo(State.DONE);
		}
	}

	@Test
	void nonRegularFilesAndSymlinksOutOfTheDirectoryAreNeverRead() throws Exception {
		try (Harness h = new Harness(this.root, SETTLE, CollectProperties.AfterUpload.KEEP)) {
			Path fifo = h.in.resolve("core.fifo");
			assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
			Files.createSymbolicLink(h.in.resolve("core.shadow"), Path.of("/etc/shadow"));
			Files.createSymbolicLink(h.in.resolve("etc"), Path.of("/etc"));
			Files.writeString(h.in.resolve("core.real"), "real");
			h.poll();
			assertThat(h.ledger.all()).extracting((e) -> e.path().getFileName().toString())
				.containsExactly("core.real");
			h.ticker.advance(SETTLE);
			h.collector.tick();
			h.runWorkers();
			assertThat(h.only().state()).isEqualTo(State.DONE);
		}
	}

	@Test
	void deleteOnlyAfterTheStoredObjectIsVerified() throws IOException {
		Path out = this.root.resolve("out");
		boolean[] corrupt = { true };
		Target lying = new FileTargetWrapper(out) {

			@Override
			public Optional<StoredObject> stat(String key) throws IOException {
				Optional<StoredObject> stored = super.stat(key);
				return corrupt[0] ? stored.map((s) -> new StoredObject(s.size() - 1, "bad", "", -1)) : stored;
			}

		};
		try (Harness h = new Harness(this.root, SETTLE, CollectProperties.AfterUpload.DELETE, lying)) {
			Path core = Files.writeString(h.in.resolve("core.5"), "keep me until verified");
			h.poll();
			h.ticker.advance(SETTLE);
			h.collector.tick();
			h.runWorkers();
			assertThat(h.only().state()).isEqualTo(State.SETTLED);
			assertThat(h.only().attempts()).isEqualTo(1);
			assertThat(h.only().error()).contains("verification");
			assertThat(core).exists();
			corrupt[0] = false;
			h.ticker.advance(Duration.ofSeconds(5));
			h.collector.tick();
			h.runWorkers();
			assertThat(h.only().state()).isEqualTo(State.DONE);
			assertThat(core).doesNotExist();
		}
	}

	@Test
	void retriesBackOffThenFailAndAFailedFileCanBeRetried() throws IOException {
		Path out = this.root.resolve("out");
		boolean[] down = { true };
		Target flaky = new FileTargetWrapper(out) {

			@Override
			public void store(String key, Path spool, StoredObject object) throws IOException {
				if (down[0]) {
					throw new IOException("store is down");
				}
				super.store(key, spool, object);
			}

		};
		try (Harness h = new Harness(this.root, SETTLE, CollectProperties.AfterUpload.KEEP, flaky)) {
			Files.writeString(h.in.resolve("core.6"), "retry me");
			h.poll();
			h.ticker.advance(SETTLE);
			h.collector.tick();
			h.runWorkers();
			assertThat(h.only().attempts()).isEqualTo(1);
			h.ticker.advance(Duration.ofMillis(4999));
			h.collector.tick();
			assertThat(h.queued).as("backoff: 5s after the first failure").isEmpty();
			h.ticker.advance(Duration.ofMillis(1));
			h.collector.tick();
			h.runWorkers();
			assertThat(h.only().attempts()).isEqualTo(2);
			h.ticker.advance(Duration.ofMillis(9999));
			h.collector.tick();
			assertThat(h.queued).as("backoff doubles: 10s").isEmpty();
			h.ticker.advance(Duration.ofMillis(1));
			h.collector.tick();
			h.runWorkers();
			assertThat(h.only().state()).isEqualTo(State.FAILED);
			assertThat(h.only().failedFrom()).isEqualTo(State.SETTLED);
			h.ticker.advance(Duration.ofHours(1));
			h.collector.tick();
			assertThat(h.queued).as("FAILED waits for a person").isEmpty();
			down[0] = false;
			assertThat(h.collector.retry(h.only().id())).isPresent();
			h.collector.tick();
			h.runWorkers();
			assertThat(h.only().state()).isEqualTo(State.DONE);
		}
	}

	@Test
	void aThousandFilesAtOnceAreEachRecordedOnce() throws IOException {
		try (Harness h = new Harness(this.root, SETTLE, CollectProperties.AfterUpload.KEEP)) {
			for (int i = 0; i < 1000; i++) {
				Files.writeString(h.in.resolve("core." + i), "c" + i);
			}
			h.poll();
			h.poll();
			assertThat(h.ledger.all()).hasSize(1000);
			h.ticker.advance(SETTLE);
			h.collector.tick();
			assertThat(h.runWorkers()).isEqualTo(1000);
			assertThat(h.ledger.all()).allMatch((e) -> e.state() == State.DONE);
			assertThat(h.ledger.all()).extracting(Entry::key).doesNotHaveDuplicates();
		}
	}

	private static void append(Path file, String text) throws IOException {
		// A distinct mtime even on a coarse clock: size changes anyway.
		Files.writeString(file, text, StandardOpenOption.APPEND);
	}

	static String gunzip(Path file) throws IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
			return new String(in.readAllBytes());
		}
	}

	/** A real {@link FileTarget} whose steps a test overrides to fail or to lie. */
	private static class FileTargetWrapper implements Target {

		private final FileTarget real;

		FileTargetWrapper(Path dir) {
			this.real = new FileTarget(dir);
		}

		@Override
		public String url(String key) {
			return this.real.url(key);
		}

		@Override
		public void store(String key, Path spool, StoredObject object) throws IOException {
			this.real.store(key, spool, object);
		}

		@Override
		public Optional<StoredObject> stat(String key) throws IOException {
			return this.real.stat(key);
		}

		@Override
		public void delete(String key) throws IOException {
			this.real.delete(key);
		}

	}

}
