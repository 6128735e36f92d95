package io.flushmanager.watch;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What one watched path looked like at one moment. Immutable; two snapshots are compared to decide
 * whether the file changed.
 *
 * @param path the visible path, as configured
 * @param exists whether the path resolves to something
 * @param symlink whether the visible path itself is a symbolic link
 * @param resolvedPath the real path behind all links, or {@code null}
 * @param configMapLayout whether a kubelet {@code ..data} link sits beside the visible name
 * @param device device id of the resolved file, or {@code null}
 * @param inode inode of the resolved file, or {@code null}
 * @param size size in bytes, or {@code null}
 * @param lastModified last modification time, or {@code null}
 * @param sha256 hex SHA-256 of the content, or {@code null} when it could not be read
 * @param error why the file could not be read, or {@code null}
 */
public record FileSnapshot(Path path, boolean exists, boolean symlink, @Nullable Path resolvedPath,
		boolean configMapLayout, @Nullable Long device, @Nullable Long inode, @Nullable Long size,
		@Nullable Instant lastModified, @Nullable String sha256, @Nullable String error) {

	/**
	 * Whether this snapshot differs from an earlier one in anything the watcher acts on.
	 * @param earlier the previous snapshot of the same path
	 * @return {@code true} if existence, identity, size, time, content or error state differ
	 */
	public boolean differsFrom(FileSnapshot earlier) {
		return this.exists != earlier.exists || !Objects.equals(this.device, earlier.device)
				|| !Objects.equals(this.inode, earlier.inode) || !Objects.equals(this.size, earlier.size)
				|| !Objects.equals(this.lastModified, earlier.lastModified)
				|| !Objects.equals(this.sha256, earlier.sha256) || !Objects.equals(this.resolvedPath, earlier.resolvedPath)
				|| !Objects.equals(this.error, earlier.error);
	}

	/**
	 * Whether the content differs from an earlier snapshot's.
	 * @param earlier the previous snapshot of the same path
	 * @return {@code true} if the SHA-256 (or the file's existence) differs
	 */
	public boolean contentDiffersFrom(FileSnapshot earlier) {
		return this.exists != earlier.exists || !Objects.equals(this.sha256, earlier.sha256);
	}

}
