package io.flushmanager.watch;

import java.nio.file.Path;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the change history of a watched file.
 *
 * @param id sequence number, unique within the service's life
 * @param at when the change was seen
 * @param path the visible path
 * @param source what saw it
 * @param oldInode inode before, or {@code null}
 * @param newInode inode after, or {@code null}
 * @param oldSha256 content hash before, or {@code null}
 * @param newSha256 content hash after, or {@code null}
 * @param resolvedPath real path after the change, or {@code null}
 * @param action what became of it
 * @param cause why a reload failed or was rejected, or {@code null}
 */
public record ChangeRecord(long id, Instant at, Path path, ChangeSource source, @Nullable Long oldInode,
		@Nullable Long newInode, @Nullable String oldSha256, @Nullable String newSha256, @Nullable Path resolvedPath,
		ChangeAction action, @Nullable String cause) {

	/**
	 * An entry with no cause (yet).
	 * @param id sequence number
	 * @param at when the change was seen
	 * @param path the visible path
	 * @param source what saw it
	 * @param oldInode inode before, or {@code null}
	 * @param newInode inode after, or {@code null}
	 * @param oldSha256 content hash before, or {@code null}
	 * @param newSha256 content hash after, or {@code null}
	 * @param resolvedPath real path after the change, or {@code null}
	 * @param action what became of it
	 */
	public ChangeRecord(long id, Instant at, Path path, ChangeSource source, @Nullable Long oldInode,
			@Nullable Long newInode, @Nullable String oldSha256, @Nullable String newSha256,
			@Nullable Path resolvedPath, ChangeAction action) {
		this(id, at, path, source, oldInode, newInode, oldSha256, newSha256, resolvedPath, action, null);
	}

	/**
	 * This record with another action.
	 * @param action the new action
	 * @return a copy
	 */
	public ChangeRecord withAction(ChangeAction action) {
		return withOutcome(action, null);
	}

	/**
	 * This record with another action and its cause.
	 * @param action the new action
	 * @param cause why, or {@code null}
	 * @return a copy
	 */
	public ChangeRecord withOutcome(ChangeAction action, @Nullable String cause) {
		return new ChangeRecord(this.id, this.at, this.path, this.source, this.oldInode, this.newInode, this.oldSha256,
				this.newSha256, this.resolvedPath, action, cause);
	}

}
