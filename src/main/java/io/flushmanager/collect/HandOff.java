package io.flushmanager.collect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.collect.ledger.Entry;
import io.flushmanager.collect.ledger.Ledger;
import io.flushmanager.collect.ledger.State;
import io.flushmanager.collect.store.NoTarget;
import io.flushmanager.collect.store.Sha256;
import io.flushmanager.collect.store.StoredObject;
import io.flushmanager.collect.store.Target;

/**
 * The steps after detection, in their fixed order: hash and render the key (SETTLED),
 * compress into a spool file and store, verify the stored object (STORED), run the
 * command, call the webhook (HANDED_OFF), then {@code after-upload} (DONE). Each
 * transition is in the ledger before the next step starts, so after a crash the work
 * resumes where it stopped. Runs on the hand-off workers, never on a detection thread.
 */
final class HandOff {

	private static final Log logger = LogFactory.getLog(HandOff.class);

	/** What {@link #advance} left the entry as. */
	enum Outcome {

		/** Nothing left to do (DONE, or FAILED for a reason no retry fixes). */
		FINISHED,
		/** The file changed after it was thought complete: it must settle again. */
		RESETTLE

	}

	private final CollectProperties properties;

	private final Ledger ledger;

	private final Target target;

	private final Compression compression;

	private final Path spoolDir;

	private final Clock clock;

	private final CollectStats stats;

	private final @Nullable HandOffCommand command;

	private final @Nullable Notifier notifier;

	private final KeyTemplate keys;

	private final FileMetadata metadata;

	HandOff(CollectProperties properties, Ledger ledger, Target target, Compression compression, Path spoolDir,
			Clock clock, CollectStats stats, @Nullable HandOffCommand command, @Nullable Notifier notifier,
			CollectScope scope) {
		this.properties = properties;
		this.ledger = ledger;
		this.target = target;
		this.compression = compression;
		this.spoolDir = spoolDir;
		this.clock = clock;
		this.stats = stats;
		this.command = command;
		this.notifier = notifier;
		this.keys = new KeyTemplate(properties.key());
		this.metadata = new FileMetadata(new PathPattern(properties.pathPattern()), scope);
	}

	/**
	 * Run every step left for an entry.
	 * @param id the entry
	 * @return how it ended
	 * @throws Exception when a step failed (the caller retries with backoff)
	 */
	Outcome advance(String id) throws Exception {
		while (true) {
			Entry entry = this.ledger.get(id).orElseThrow();
			switch (entry.state()) {
				case DISCOVERED -> {
					if (!settle(entry)) {
						return Outcome.RESETTLE;
					}
				}
				case SETTLED -> {
					if (!store(entry)) {
						return Outcome.RESETTLE;
					}
				}
				case STORED -> handOff(entry);
				case HANDED_OFF -> finish(entry);
				case DONE, FAILED -> {
					return Outcome.FINISHED;
				}
			}
		}
	}

	private long now() {
		return this.clock.millis();
	}

	/**
	 * Hash the complete file and render its key once; false when it changed meanwhile.
	 */
	private boolean settle(Entry entry) throws IOException {
		FileStat before = current(entry);
		if (before == null) {
			return true;
		}
		MessageDigest digest = Sha256.digest();
		try (InputStream in = new DigestInputStream(Files.newInputStream(entry.path(), LinkOption.NOFOLLOW_LINKS),
				digest)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		FileStat after = current(entry);
		if (after == null) {
			return true;
		}
		if (!after.sameContentAs(before.size(), before.mtime()) || after.ctime() != before.ctime()) {
			return false;
		}
		String sha256 = HexFormat.of().formatHex(digest.digest());
		Map<String, String> meta = this.metadata.of(entry.path());
		Map<String, String> values = new HashMap<>(meta);
		values.put("sha256", sha256);
		values.put("name", entry.path().getFileName().toString());
		values.put("id", entry.id());
		String key = this.keys.render(values, after.mtime(), this.compression.kind().suffix());
		this.ledger.put(entry.settled(after.ctime(), after.size(), after.mtime(), sha256, key, meta, now()));
		logger.info("Collect: " + entry.path() + " settled (" + after.size() + " bytes, id " + entry.id() + ", key "
				+ key + ")");
		return true;
	}

	/**
	 * The file as it is now, or {@code null} after marking the entry FAILED when it is
	 * gone, replaced or no longer a regular file (nothing to retry: there is no file left
	 * to store).
	 */
	private @Nullable FileStat current(Entry entry) throws IOException {
		Optional<FileStat> stat = FileStat.of(entry.path());
		String problem = null;
		if (stat.isEmpty() || stat.get().inode() != entry.inode() || stat.get().device() != entry.device()) {
			problem = "deleted before it was stored";
		}
		else if (!stat.get().regular()) {
			problem = "no longer a regular file";
		}
		if (problem == null) {
			return stat.get();
		}
		logger.warn("Collect: " + entry.path() + " (id " + entry.id() + ") was " + problem + "; marked FAILED");
		this.ledger.put(entry.failed(problem, now()));
		this.stats.result("vanished");
		return null;
	}

	/**
	 * Compress into the spool, store, verify; false when the file changed after it
	 * settled.
	 */
	private boolean store(Entry entry) throws IOException {
		if (this.target instanceof NoTarget) {
			this.ledger.put(entry.stored("", 0, "", now()));
			return true;
		}
		Files.createDirectories(this.spoolDir);
		Path spool = this.spoolDir.resolve(entry.id() + ".part");
		long started = System.nanoTime();
		try {
			MessageDigest content = Sha256.digest();
			MessageDigest stored = Sha256.digest();
			long contentSize;
			long storedSize;
			try (InputStream in = new DigestInputStream(Files.newInputStream(entry.path(), LinkOption.NOFOLLOW_LINKS),
					content)) {
				CountingOutputStream counter = new CountingOutputStream(
						new DigestOutputStream(Files.newOutputStream(spool), stored));
				try (OutputStream out = this.compression.wrap(counter)) {
					contentSize = in.transferTo(out);
				}
				storedSize = counter.count();
			}
			String contentSha256 = HexFormat.of().formatHex(content.digest());
			if (contentSize != entry.size() || !contentSha256.equals(entry.sha256())) {
				return changed(entry, "while it was being compressed");
			}
			StoredObject object = new StoredObject(storedSize, HexFormat.of().formatHex(stored.digest()), contentSha256,
					contentSize);
			this.target.store(entry.key(), spool, object);
			Optional<StoredObject> back = this.target.stat(entry.key());
			if (back.isEmpty() || back.get().size() != object.size() || !back.get().sha256().equals(object.sha256())) {
				throw new IOException("verification of " + this.target.url(entry.key()) + " failed: stored "
						+ back.map((b) -> b.size() + " bytes, sha256 " + b.sha256()).orElse("nothing") + ", expected "
						+ object.size() + " bytes, sha256 " + object.sha256());
			}
			FileStat after = FileStat.of(entry.path()).orElse(null);
			if (after != null && after.inode() == entry.inode()
					&& (!after.sameContentAs(entry.size(), entry.mtime()) || after.ctime() != entry.ctime())) {
				// It grew again during the upload: the object would be a truncated copy.
				this.target.delete(entry.key());
				return changed(entry, "while it was being uploaded");
			}
			this.ledger.put(entry.stored(this.target.url(entry.key()), storedSize, object.sha256(), now()));
			this.stats.stored(contentSize, storedSize, System.nanoTime() - started);
			logger.info("Collect: " + entry.path() + " stored as " + this.target.url(entry.key()) + " (" + storedSize
					+ " bytes, verified; id " + entry.id() + ")");
			return true;
		}
		finally {
			Files.deleteIfExists(spool);
		}
	}

	private boolean changed(Entry entry, String when) throws IOException {
		logger.info("Collect: " + entry.path() + " changed " + when + "; it settles again (id " + entry.id() + ")");
		FileStat now = FileStat.of(entry.path()).orElse(null);
		this.ledger.put(entry.resettle((now != null) ? now.size() : entry.size(),
				(now != null) ? now.mtime() : entry.mtime(), now()));
		this.stats.result("resettled");
		return false;
	}

	private void handOff(Entry entry) throws Exception {
		if (this.command == null && this.notifier == null
				&& this.properties.afterUpload() == CollectProperties.AfterUpload.KEEP) {
			// No step between STORED and DONE: one durable write instead of two.
			this.ledger.put(entry.withState(State.DONE, now()));
			this.stats.result("done");
			this.stats.doneLatency(entry);
			return;
		}
		Entry current = entry;
		if (this.command != null && !current.commandDone()) {
			this.command.run(current);
			current = current.commandRan(now());
			this.ledger.put(current);
		}
		if (this.notifier != null) {
			this.notifier.send(current);
		}
		this.ledger.put(current.withState(State.HANDED_OFF, now()));
	}

	private void finish(Entry entry) throws IOException {
		if (this.properties.afterUpload() == CollectProperties.AfterUpload.DELETE
				&& !(this.target instanceof NoTarget)) {
			// STORED means verified; delete only the very file that was stored.
			Optional<FileStat> stat = FileStat.of(entry.path());
			if (stat.isPresent() && stat.get().inode() == entry.inode() && stat.get().ctime() == entry.ctime()
					&& stat.get().sameContentAs(entry.size(), entry.mtime())) {
				Files.delete(entry.path());
				logger.info("Collect: deleted " + entry.path() + " (stored and verified as " + entry.url() + ")");
			}
		}
		this.ledger.put(entry.withState(State.DONE, now()));
		this.stats.result("done");
		this.stats.doneLatency(entry);
	}

}
