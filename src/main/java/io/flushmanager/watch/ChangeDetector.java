package io.flushmanager.watch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;

import io.flushmanager.config.FlushManagerProperties.Compare;

/**
 * The one check that native events and polling both run: takes a new snapshot of each file, compares it
 * with the last one, records a difference in the history and passes it on. Checks are serialized, so a
 * change is reported once, by whichever source saw it first.
 */
public class ChangeDetector {

	private static final Log logger = LogFactory.getLog(ChangeDetector.class);

	private final Compare compare;

	private final ChangeHistory history;

	private final ChangeSink sink;

	private final Clock clock;

	private final WatchStatus status;

	private final ApplicationEventPublisher events;

	private final Map<Path, WatchedFile> files = new LinkedHashMap<>();

	public ChangeDetector(Compare compare, ChangeHistory history, ChangeSink sink, Clock clock, WatchStatus status,
			ApplicationEventPublisher events) {
		this.compare = compare;
		this.status = status;
		this.events = events;
		this.history = history;
		this.sink = sink;
		this.clock = clock;
	}

	/**
	 * Take the first snapshot of a file and record it.
	 * @param path the visible path
	 * @return the snapshot
	 */
	public synchronized FileSnapshot add(Path path) {
		FileSnapshot snapshot = SnapshotReader.take(path);
		this.files.put(path, new WatchedFile(snapshot, 0, null));
		this.history.add(new ChangeRecord(0, this.clock.instant(), path, ChangeSource.STARTUP, null, snapshot.inode(),
				null, snapshot.sha256(), snapshot.resolvedPath(), ChangeAction.RECORDED));
		return snapshot;
	}

	/**
	 * Check every watched file.
	 * @param source what asked for the check
	 * @return the changes seen
	 */
	public List<DetectedChange> checkAll(ChangeSource source) {
		return check(source, paths());
	}

	/**
	 * Check some watched files.
	 * @param source what asked for the check
	 * @param paths visible paths of watched files; others are ignored
	 * @return the changes seen
	 */
	public synchronized List<DetectedChange> check(ChangeSource source, Collection<Path> paths) {
		List<DetectedChange> changes = new ArrayList<>();
		for (Path path : paths) {
			WatchedFile current = this.files.get(path);
			if (current == null) {
				continue;
			}
			FileSnapshot before = current.snapshot();
			FileSnapshot after = SnapshotReader.take(path, before);
			if (!after.differsFrom(before)) {
				continue;
			}
			Instant now = this.clock.instant();
			long nanos = System.nanoTime();
			ChangeAction action = decide(before, after);
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
			if (action == ChangeAction.PENDING) {
				DetectedChange change = new DetectedChange(entry.id(), source, before, after, nanos);
				changes.add(change);
				this.sink.onDetected(change);
			}
		}
		return changes;
	}

	private ChangeAction decide(FileSnapshot before, FileSnapshot after) {
		if (after.sha256() == null) {
			return ChangeAction.UNAVAILABLE;
		}
		if (this.compare == Compare.CONTENT && !after.contentDiffersFrom(before)) {
			return ChangeAction.UNCHANGED_CONTENT;
		}
		return ChangeAction.PENDING;
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

	static String shortHash(String sha256) {
		return (sha256 != null) ? sha256.substring(0, 12) : "none";
	}

}
