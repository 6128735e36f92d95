package io.flushmanager.web;

import java.nio.file.Path;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.flushmanager.watch.AppliedContent;
import io.flushmanager.watch.FileOrigin;
import io.flushmanager.watch.FileSnapshot;
import io.flushmanager.watch.WatchedFile;

/**
 * One watched file as {@code GET /api/watch} and {@code /actuator/configwatch} show it.
 * Paths are plain strings: Jackson would write a {@link Path} as a {@code file://} URI.
 *
 * @param path the visible path, as configured
 * @param exists whether it resolves to something
 * @param symlink whether the visible path is a symbolic link
 * @param resolvedPath the real file behind all links, or {@code null}
 * @param configMapLayout whether a kubelet {@code ..data} link sits beside it
 * @param inode inode of the real file, or {@code null}
 * @param device device of the real file, or {@code null}
 * @param size size in bytes, or {@code null}
 * @param lastModified modification time, or {@code null}
 * @param sha256 content hash, or {@code null}
 * @param changeCount changes seen since start
 * @param lastChangeAt when the last change was seen, or {@code null}
 * @param error why it cannot be read, or {@code null}
 * @param appliedSha256 the content hash the child runs (with a stage dir: the staged
 * copy), or {@code null} when unknown
 * @param origin the object it was materialized from (API source), or {@code null} for a
 * configured file
 */
public record WatchedFileView(String path, boolean exists, boolean symlink, @Nullable String resolvedPath,
		boolean configMapLayout, @Nullable Long inode, @Nullable Long device, @Nullable Long size,
		@Nullable Instant lastModified, @Nullable String sha256, long changeCount, @Nullable Instant lastChangeAt,
		@Nullable String error, @Nullable String appliedSha256, @Nullable FileOrigin origin) {

	/**
	 * The view of a watched file.
	 * @param file the watcher's state of it
	 * @return the view
	 */
	public static WatchedFileView of(WatchedFile file) {
		return of(file, null, null);
	}

	/**
	 * The view of a watched file with where it comes from and the content the child runs.
	 * @param file the watcher's state of it
	 * @param origin its origin (API source), or {@code null} for a configured file
	 * @param applied what the child took up, or {@code null} when not known here
	 * @return the view
	 */
	public static WatchedFileView of(WatchedFile file, @Nullable FileOrigin origin, @Nullable AppliedContent applied) {
		FileSnapshot snapshot = file.snapshot();
		return new WatchedFileView(snapshot.path().toString(), snapshot.exists(), snapshot.symlink(),
				text(snapshot.resolvedPath()), snapshot.configMapLayout(), snapshot.inode(), snapshot.device(),
				snapshot.size(), snapshot.lastModified(), snapshot.sha256(), file.changeCount(), file.lastChangeAt(),
				snapshot.error(), (applied != null) ? applied.appliedSha256(snapshot.path()) : null, origin);
	}

	static @Nullable String text(@Nullable Path path) {
		return (path != null) ? path.toString() : null;
	}

}
