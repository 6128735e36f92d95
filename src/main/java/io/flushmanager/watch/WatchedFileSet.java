package io.flushmanager.watch;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Files watched beside {@code flush-manager.watch.files}, decided at run time: the API
 * source's materialized objects, for instance, including those that appear later. The
 * watcher takes the set at start and again whenever it is told the set changed; it never
 * needs to know where the files come from.
 */
public interface WatchedFileSet {

	/**
	 * The files to watch now. Must not block: it is called while the watcher holds its
	 * own lock.
	 * @return visible paths
	 */
	List<Path> files();

	/**
	 * Be told when {@link #files()} changed. A file is announced before it is written, so
	 * that its appearance is seen as a change, like a watched file that did not exist at
	 * start.
	 * @param listener called on the thread that changed the set, after the change
	 */
	void subscribe(Runnable listener);

	/**
	 * Where a file of this set comes from, for the HTTP views.
	 * @param path one of {@link #files()}
	 * @return its origin, or {@code null} when it is not (or no longer) in the set
	 */
	default @Nullable FileOrigin origin(Path path) {
		return null;
	}

}
