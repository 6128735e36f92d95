package io.flushmanager.source;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.config.Durations;
import io.flushmanager.source.ObjectMaterializer.InvalidObjectException;
import io.flushmanager.time.Ticker;
import io.flushmanager.watch.FileOrigin;
import io.flushmanager.watch.WatchedFileSet;

/**
 * The objects the API source materialized and the files they gave: applies what the API
 * says, keeps a deleted object's files for the deletion grace, and tells the watcher
 * which files to watch. A file is announced before it is first written (its appearance is
 * a change) and dropped after its key is gone.
 * <p>
 * Changes are serialized by this object's lock; what the watcher and the HTTP side read
 * is an immutable copy, so they never wait for a write.
 */
class SourceObjects implements WatchedFileSet {

	private static final Log logger = LogFactory.getLog(SourceObjects.class);

	private final ObjectMaterializer materializer;

	private final Duration deletionGrace;

	private final Ticker ticker;

	private final SourceStatus status;

	private final Map<ObjectRef, Entry> entries = new LinkedHashMap<>();

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	private volatile Map<Path, Entry> byFile = Map.of();

	SourceObjects(ObjectMaterializer materializer, Duration deletionGrace, Ticker ticker, SourceStatus status) {
		this.materializer = materializer;
		this.deletionGrace = deletionGrace;
		this.ticker = ticker;
		this.status = status;
	}

	/**
	 * Materialize an object as the API shows it now; a no-op when this version is already
	 * on disk.
	 * @param ref the object
	 * @param resourceVersion its version
	 * @param payload its files, or an exception that says why it has none (the last good
	 * files stay)
	 */
	synchronized void apply(ObjectRef ref, @Nullable String resourceVersion, PayloadResult payload) {
		Entry current = this.entries.get(ref);
		List<Path> before = (current != null) ? current.files() : List.of();
		try {
			Map<String, byte[]> files = payload.get();
			this.materializer.validate(ref, files);
			List<Path> after = this.materializer.files(ref, files.keySet());
			this.materializer.prepare(ref);
			// The watcher learns of new keys before they appear and forgets removed ones
			// before they go: an
			// appearance is a change, a disappearance reloads nothing.
			publish(ref, new Entry(ref, (current != null) ? current.resourceVersion() : null, after,
					(current != null) ? current.state() : SyncState.SYNCED, 0, null));
			boolean written = this.materializer.write(ref, files);
			publish(ref, new Entry(ref, resourceVersion, after, SyncState.SYNCED, 0, null));
			this.status.recordSync();
			String verb = (current == null) ? "Materialized " : (current.state() == SyncState.DELETION_PENDING)
					? "Re-created within the deletion grace: " : written ? "Updated " : null;
			if (verb == null) {
				// The same version seen twice (the first sync and its event), or a change
				// of metadata only.
				if (logger.isDebugEnabled()) {
					logger.debug("Unchanged: " + ref + " (resourceVersion=" + resourceVersion + ")");
				}
				return;
			}
			logger.info(verb + ref + " (resourceVersion=" + resourceVersion + ", keys=" + files.size() + ", bytes="
					+ Payloads.size(files) + ", sha256=" + Payloads.hash(files) + ") in "
					+ this.materializer.directory(ref));
		}
		catch (InvalidObjectException ex) {
			this.status.recordError(ref + " not materialized: " + ex.getMessage());
			logger.warn(ref + " (resourceVersion=" + resourceVersion + ") cannot be materialized: " + ex.getMessage()
					+ "; " + (before.isEmpty() ? "no files for it" : "its last files stay"));
			publish(ref, new Entry(ref, (current != null) ? current.resourceVersion() : null, before, SyncState.INVALID,
					0, ex.getMessage()));
		}
		catch (IOException ex) {
			this.status.recordError("writing " + ref + " failed: " + ex.getClass().getSimpleName());
			logger.warn("Writing " + ref + " (resourceVersion=" + resourceVersion + ") failed: "
					+ ex.getClass().getSimpleName() + " " + ex.getMessage() + "; retried on its next update");
			publish(ref, new Entry(ref, (current != null) ? current.resourceVersion() : null, before,
					SyncState.WRITE_FAILED, 0, ex.getClass().getSimpleName()));
		}
	}

	/**
	 * An object was deleted: its files stay for the deletion grace, in case it comes
	 * back.
	 * @param ref the object
	 */
	synchronized void deleted(ObjectRef ref) {
		Entry current = this.entries.get(ref);
		if (current == null || current.state() == SyncState.DELETION_PENDING) {
			return;
		}
		logger.info(ref + " was deleted; its files stay for " + Durations.format(this.deletionGrace)
				+ " (flush-manager.source.kubernetes.deletion-grace) in case it is re-created");
		publish(ref, new Entry(ref, current.resourceVersion(), current.files(), SyncState.DELETION_PENDING,
				this.ticker.nanoTime(), null));
		this.status.recordSync();
		sweep();
	}

	/** Remove the files of objects deleted longer ago than the grace. */
	synchronized void sweep() {
		for (Entry entry : List.copyOf(this.entries.values())) {
			if (entry.state() != SyncState.DELETION_PENDING
					|| this.ticker.since(entry.deletedAtNanos()).compareTo(this.deletionGrace) < 0) {
				continue;
			}
			// Dropped from the watch before the files go: a deletion reloads nothing.
			publish(entry.ref(), null);
			try {
				this.materializer.remove(entry.ref());
				logger.info("Removed the files of " + entry.ref() + ", deleted " + Durations.format(this.deletionGrace)
						+ " ago");
			}
			catch (IOException ex) {
				this.status.recordError("removing " + entry.ref() + " failed: " + ex.getClass().getSimpleName());
				logger.warn("Removing the files of " + entry.ref() + " failed: " + ex.getMessage());
			}
		}
	}

	private void publish(ObjectRef ref, @Nullable Entry entry) {
		Entry previous = (entry != null) ? this.entries.put(ref, entry) : this.entries.remove(ref);
		Map<Path, Entry> byFile = new LinkedHashMap<>();
		this.entries.values().forEach((e) -> e.files().forEach((file) -> byFile.put(file, e)));
		this.byFile = Map.copyOf(byFile);
		boolean filesChanged = (previous == null || entry == null) || !previous.files().equals(entry.files());
		if (filesChanged) {
			this.listeners.forEach(Runnable::run);
		}
	}

	/**
	 * The objects known now.
	 * @return a copy
	 */
	synchronized List<Entry> entries() {
		return new ArrayList<>(this.entries.values());
	}

	@Override
	public List<Path> files() {
		return List.copyOf(this.byFile.keySet());
	}

	@Override
	public void subscribe(Runnable listener) {
		this.listeners.add(listener);
	}

	@Override
	public @Nullable FileOrigin origin(Path path) {
		Entry entry = this.byFile.get(path);
		if (entry == null) {
			return null;
		}
		String state = (entry.state() == SyncState.SYNCED && !this.status.isWatching()) ? "STALE"
				: entry.state().name();
		return new FileOrigin(entry.ref().kind().displayName(), entry.ref().namespace(), entry.ref().name(),
				entry.resourceVersion(), state);
	}

	/** Where an object's files stand. */
	enum SyncState {

		/** The files are what the API showed last. */
		SYNCED,
		/** The object is gone from the API; its files stay until the grace is over. */
		DELETION_PENDING,
		/**
		 * The last version could not be materialized (a bad key); the files are an
		 * earlier one.
		 */
		INVALID,
		/** Writing the last version failed; the files are an earlier one. */
		WRITE_FAILED

	}

	/**
	 * One object.
	 *
	 * @param ref the object
	 * @param resourceVersion the version its files hold
	 * @param files the visible files it gave
	 * @param state where they stand
	 * @param deletedAtNanos when it was seen deleted ({@link Ticker}), for
	 * {@link SyncState#DELETION_PENDING}
	 * @param problem why the last version is not on disk, or {@code null}
	 */
	record Entry(ObjectRef ref, @Nullable String resourceVersion, List<Path> files, SyncState state,
			long deletedAtNanos, @Nullable String problem) {

	}

	/** A payload, or why it cannot be had. */
	@FunctionalInterface
	interface PayloadResult {

		Map<String, byte[]> get();

	}

}
