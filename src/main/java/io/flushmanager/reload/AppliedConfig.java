package io.flushmanager.reload;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;

import io.flushmanager.child.ChildSpawning;
import io.flushmanager.watch.AppliedContent;
import io.flushmanager.watch.ChangeAction;
import io.flushmanager.watch.SnapshotReader;

/**
 * The content the child actually took up, per watched file. A child reads its config when
 * it starts and a signalled or called child when told, which may be newer than the change
 * that caused it: so the hash is taken from the file at that moment, not from the change.
 * A change seen meanwhile that ends on this content is then
 * {@link ChangeAction#UNCHANGED_CONTENT} instead of another restart on the same config.
 */
public class AppliedConfig implements AppliedContent {

	private static final Log logger = LogFactory.getLog(AppliedConfig.class);

	private final SnapshotReader reader;

	/**
	 * With a stage dir the child reads {@code <stage-dir>/<file name>}: that copy is what
	 * it runs.
	 */
	private final @Nullable Path stageDir;

	private final Set<Path> files = new LinkedHashSet<>();

	/**
	 * Absent when unknown (a failed reload); a {@code null} value is a file the child saw
	 * missing.
	 */
	private final Map<Path, @Nullable String> applied = new HashMap<>();

	public AppliedConfig(SnapshotReader reader) {
		this(reader, null);
	}

	public AppliedConfig(SnapshotReader reader, @Nullable Path stageDir) {
		this.reader = reader;
		this.stageDir = stageDir;
	}

	@Override
	public synchronized void baseline(Path path, @Nullable String sha256) {
		this.files.add(path);
		this.applied.put(path, sha256);
	}

	@Override
	public synchronized @Nullable String appliedSha256(Path path) {
		return this.applied.get(path);
	}

	@Override
	public synchronized boolean isApplied(Path path, @Nullable String sha256) {
		return this.applied.containsKey(path) && Objects.equals(this.applied.get(path), sha256);
	}

	/**
	 * Record what every watched file holds now, as the child is about to read it.
	 */
	public void capture() {
		Set<Path> files;
		synchronized (this) {
			files = Set.copyOf(this.files);
		}
		Map<Path, @Nullable String> now = new HashMap<>();
		for (Path path : files) {
			// Read outside the lock: the debouncer must not wait on a slow file.
			Path read = (this.stageDir != null) ? this.stageDir.resolve(path.getFileName()) : path;
			now.put(path, this.reader.take(read).sha256());
		}
		synchronized (this) {
			this.applied.putAll(now);
		}
	}

	@EventListener
	void onSpawning(ChildSpawning spawning) {
		try {
			capture();
		}
		catch (RuntimeException ex) {
			// A spawn must not fail for bookkeeping; unknown content only costs a
			// possibly redundant reload.
			logger.warn("Could not record the config the child starts with: " + ex.getMessage());
			synchronized (this) {
				this.applied.clear();
			}
		}
	}

	@EventListener
	void onReloaded(ReloadCompleted reload) {
		if (reload.result() == ChangeAction.RELOAD_FAILED) {
			forget(reload.paths());
		}
	}

	private synchronized void forget(Collection<Path> paths) {
		paths.forEach(this.applied::remove);
	}

}
