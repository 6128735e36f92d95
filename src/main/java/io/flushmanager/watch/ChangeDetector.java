package io.flushmanager.watch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.util.unit.DataSize;

import io.flushmanager.config.WatchProperties.Compare;

/**
 * The one check that native events and polling both run: takes a new snapshot of each
 * file, compares it with the last one, records a difference in the history and passes it
 * on.
 * <p>
 * Snapshots are taken outside the detector's lock, which only guards the comparison and
 * the commit, so a slow file never stalls the HTTP side, the other checks or the
 * shutdown. Checks of one file are serialized without waiting: a check that finds the
 * file being checked by another thread leaves a request and returns, and that thread
 * checks once more before it lets go. A change is therefore reported once, by whichever
 * source saw it first, and none is lost to a check that was already running.
 */
public class ChangeDetector {

	private static final Log logger = LogFactory.getLog(ChangeDetector.class);

	private final ContentRule rule;

	private final ChangeHistory history;

	private final ChangeSink sink;

	private final Clock clock;

	private final WatchStatus status;

	private final ApplicationEventPublisher events;

	private final SnapshotReader reader;

	private final Map<Path, WatchedFile> files = new LinkedHashMap<>();

	private final Map<Path, Turn> turns = new ConcurrentHashMap<>();

	public ChangeDetector(Compare compare, ChangeHistory history, ChangeSink sink, Clock clock, WatchStatus status,
			ApplicationEventPublisher events, SnapshotReader reader) {
		this.rule = new ContentRule(compare);
		this.status = status;
		this.events = events;
		this.history = history;
		this.sink = sink;
		this.clock = clock;
		this.reader = reader;
	}

	/**
	 * A detector with the default size cap (16MB) and read timeout (2s).
	 * @param compare how snapshots are compared
	 * @param history where changes are recorded
	 * @param sink what changes are passed to
	 * @param clock the clock
	 * @param status the watcher's status
	 * @param events where change events are published
	 */
	public ChangeDetector(Compare compare, ChangeHistory history, ChangeSink sink, Clock clock, WatchStatus status,
			ApplicationEventPublisher events) {
		this(compare, history, sink, clock, status, events, SnapshotReader.withDefaults());
	}

	/**
	 * Take the first snapshot of a file and record it.
	 * @param path the visible path
	 * @return the snapshot
	 */
	public FileSnapshot add(Path path) {
		FileSnapshot snapshot = this.reader.take(path);
		synchronized (this) {
			this.files.put(path, new WatchedFile(snapshot, 0, null));
			this.turns.put(path, new Turn());
			this.history.add(new ChangeRecord(0, this.clock.instant(), path, ChangeSource.STARTUP, null,
					snapshot.inode(), null, snapshot.sha256(), snapshot.resolvedPath(), ChangeAction.RECORDED));
		}
		if (snapshot.exists() && snapshot.error() != null) {
			this.status.recordError();
		}
		return snapshot;
	}

	/**
	 * Stop watching a file; its history stays.
	 * @param path the visible path
	 */
	public synchronized void remove(Path path) {
		this.files.remove(path);
		this.turns.remove(path);
	}

	/**
	 * Check every watched file.
	 * @param source what asked for the check
	 * @return the changes seen by this call (a change seen for it by a check already
	 * running is not among them)
	 */
	public List<DetectedChange> checkAll(ChangeSource source) {
		return check(source, paths());
	}

	/**
	 * Check some watched files.
	 * @param source what asked for the check
	 * @param paths visible paths of watched files; others are ignored
	 * @return the changes seen by this call (a change seen for it by a check already
	 * running is not among them)
	 */
	public List<DetectedChange> check(ChangeSource source, Collection<Path> paths) {
		List<DetectedChange> changes = new ArrayList<>();
		for (Path path : paths) {
			Turn turn = this.turns.get(path);
			if (turn == null) {
				continue;
			}
			turn.request(source);
			while (turn.pending() && turn.enter()) {
				try {
					ChangeSource requested;
					while ((requested = turn.take()) != null) {
						DetectedChange change = checkOne(path, requested);
						if (change != null) {
							changes.add(change);
						}
					}
				}
				finally {
					turn.leave();
				}
			}
		}
		return changes;
	}

	private @Nullable DetectedChange checkOne(Path path, ChangeSource source) {
		FileSnapshot before = current(path);
		// Only the thread holding this file's turn commits it, so "before" is still the
		// last snapshot when
		// the new one is compared with it.
		FileSnapshot after = this.reader.take(path, before);
		if (!ContentRule.differs(before, after)) {
			if (!Objects.equals(before.hashedAt(), after.hashedAt())) {
				// Read again and the same: the newer read is what the next check's
				// racy-clean and verify
				// rules start from.
				rehashed(path, after);
			}
			return null;
		}
		return commit(path, source, before, after);
	}

	private synchronized void rehashed(Path path, FileSnapshot same) {
		this.files.computeIfPresent(path, (key, file) -> file.rehashed(same));
	}

	private synchronized FileSnapshot current(Path path) {
		return this.files.get(path).snapshot();
	}

	private synchronized @Nullable DetectedChange commit(Path path, ChangeSource source, FileSnapshot before,
			FileSnapshot after) {
		WatchedFile current = this.files.get(path);
		Instant now = this.clock.instant();
		long nanos = System.nanoTime();
		ChangeAction action = this.rule.onDetected(before, after);
		if (source == ChangeSource.POLL) {
			logger.info("File change detected via polling");
		}
		logger.info(String.format(
				"File change detected: old_inode=%s, new_inode=%s, old_mtime=%s, new_mtime=%s, size=%s, "
						+ "old_sha256=%s, new_sha256=%s, path=%s, source=%s, action=%s",
				before.inode(), after.inode(), before.lastModified(), after.lastModified(), after.size(),
				shortHash(before.sha256()), shortHash(after.sha256()), path, source, action));
		if (after.error() != null && !after.error().equals(before.error())) {
			this.status.recordError();
			logger.warn("Config file " + path + " cannot be read (" + after.error()
					+ "); the child keeps its current config");
		}
		ChangeRecord entry = this.history.add(new ChangeRecord(0, now, path, source, before.inode(), after.inode(),
				before.sha256(), after.sha256(), after.resolvedPath(), action));
		this.files.put(path, current.changedTo(after, now));
		this.events.publishEvent(new ConfigFileChanged(entry));
		if (action != ChangeAction.PENDING) {
			return null;
		}
		DetectedChange change = new DetectedChange(entry.id(), source, before, after, nanos);
		this.sink.onDetected(change);
		return change;
	}

	/**
	 * The watched paths.
	 * @return a copy, in configuration order
	 */
	public synchronized List<Path> paths() {
		return List.copyOf(this.files.keySet());
	}

	/**
	 * The current state of every watched file.
	 * @return a copy, in configuration order
	 */
	public synchronized List<WatchedFile> files() {
		return List.copyOf(this.files.values());
	}

	static String shortHash(@Nullable String sha256) {
		return (sha256 != null) ? sha256.substring(0, 12) : "none";
	}

	/**
	 * Whose turn it is to check one file, and whether another check was asked for
	 * meanwhile.
	 */
	private static final class Turn {

		private final AtomicBoolean busy = new AtomicBoolean();

		/** The source of the latest check asked for and not run yet, or {@code null}. */
		private final AtomicReference<ChangeSource> requested = new AtomicReference<>();

		void request(ChangeSource source) {
			this.requested.set(source);
		}

		boolean pending() {
			return this.requested.get() != null;
		}

		@Nullable ChangeSource take() {
			return this.requested.getAndSet(null);
		}

		boolean enter() {
			return this.busy.compareAndSet(false, true);
		}

		void leave() {
			this.busy.set(false);
		}

	}

}
