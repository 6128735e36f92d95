package io.flushmanager.web;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.flushmanager.watch.ChangeAction;
import io.flushmanager.watch.ChangeRecord;
import io.flushmanager.watch.ChangeSource;

/**
 * One change-history entry as {@code GET /api/watch/history} and
 * {@code /actuator/configwatch} show it.
 *
 * @param at when the change was seen
 * @param path the visible path
 * @param source what saw it
 * @param oldInode inode before, or {@code null}
 * @param newInode inode after, or {@code null}
 * @param oldSha256 content hash before, or {@code null}
 * @param newSha256 content hash after, or {@code null}
 * @param resolvedPath real file after the change, or {@code null}
 * @param action what became of it
 * @param cause why a reload failed or was rejected, or {@code null}
 */
public record ChangeView(Instant at, String path, ChangeSource source, @Nullable Long oldInode, @Nullable Long newInode,
		@Nullable String oldSha256, @Nullable String newSha256, @Nullable String resolvedPath, ChangeAction action,
		@Nullable String cause) {

	/**
	 * The view of a history entry.
	 * @param record the entry
	 * @return the view
	 */
	public static ChangeView of(ChangeRecord record) {
		return new ChangeView(record.at(), record.path().toString(), record.source(), record.oldInode(),
				record.newInode(), record.oldSha256(), record.newSha256(), WatchedFileView.text(record.resolvedPath()),
				record.action(), record.cause());
	}

}
