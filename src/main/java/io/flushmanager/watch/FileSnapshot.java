package io.flushmanager.watch;

import java.nio.file.Path;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What one watched path looked like at one moment. Immutable; {@link ContentRule}
 * compares two of them to decide whether, and how, the file changed.
 *
 * @param path the visible path, as configured
 * @param exists whether the path resolves to something
 * @param symlink whether the visible path itself is a symbolic link
 * @param resolvedPath the real path behind all links, or {@code null}
 * @param configMapLayout whether a kubelet {@code ..data} link sits beside the visible
 * name
 * @param device device id of the resolved file, or {@code null}
 * @param inode inode of the resolved file, or {@code null}
 * @param size size in bytes, or {@code null}
 * @param lastModified last modification time, or {@code null}
 * @param sha256 hex SHA-256 of the content, or {@code null} when it could not be read
 * @param error why the file could not be read, or {@code null}
 * @param hashedAt wall-clock time at which the content behind {@code sha256} was read, or
 * {@code null} when it was not (then a later check reads the content again whatever the
 * stat says)
 * @param hashedTick {@link io.flushmanager.time.Ticker} reading at that moment
 */
public record FileSnapshot(Path path, boolean exists, boolean symlink, @Nullable Path resolvedPath,
		boolean configMapLayout, @Nullable Long device, @Nullable Long inode, @Nullable Long size,
		@Nullable Instant lastModified, @Nullable String sha256, @Nullable String error, @Nullable Instant hashedAt,
		long hashedTick) {

	/**
	 * A snapshot with no record of when its content was read: a later check never trusts
	 * its hash.
	 */
	public FileSnapshot(Path path, boolean exists, boolean symlink, @Nullable Path resolvedPath,
			boolean configMapLayout, @Nullable Long device, @Nullable Long inode, @Nullable Long size,
			@Nullable Instant lastModified, @Nullable String sha256, @Nullable String error) {
		this(path, exists, symlink, resolvedPath, configMapLayout, device, inode, size, lastModified, sha256, error,
				null, 0);
	}

}
