package io.flushmanager.watch;

import java.util.Objects;

import io.flushmanager.config.FlushManagerProperties.Compare;

/**
 * The one rule of what a change of a watched file amounts to. The detector asks it when a snapshot
 * differs from the last one; the debouncer asks it again when a burst is over, because by then the file
 * may be back to what the child already runs on.
 *
 * @param compare how snapshots are compared ({@code watch.compare})
 */
public record ContentRule(Compare compare) {

	/**
	 * Whether anything the watcher acts on differs: existence, identity, size, time, target, content or
	 * read error. A snapshot that does not differ is not a change at all.
	 * @param before the earlier snapshot of a path
	 * @param after the later snapshot of the same path
	 * @return {@code true} when the two differ
	 */
	public static boolean differs(FileSnapshot before, FileSnapshot after) {
		return before.exists() != after.exists() || !Objects.equals(before.device(), after.device())
				|| !Objects.equals(before.inode(), after.inode()) || !Objects.equals(before.size(), after.size())
				|| !Objects.equals(before.lastModified(), after.lastModified())
				|| !Objects.equals(before.resolvedPath(), after.resolvedPath())
				|| !Objects.equals(before.error(), after.error()) || contentDiffers(before, after);
	}

	/**
	 * Whether the content differs: the SHA-256, or whether the file exists at all.
	 * @param before the earlier snapshot
	 * @param after the later snapshot
	 * @return {@code true} when the content differs
	 */
	public static boolean contentDiffers(FileSnapshot before, FileSnapshot after) {
		return before.exists() != after.exists() || !Objects.equals(before.sha256(), after.sha256());
	}

	/**
	 * What a detected change amounts to when it is seen.
	 * @param before the last snapshot
	 * @param after the new snapshot, which {@link #differs differs} from it
	 * @return {@link ChangeAction#UNAVAILABLE} for a file that cannot be read,
	 * {@link ChangeAction#UNCHANGED_CONTENT} for a metadata-only change with {@code compare=content}, else
	 * {@link ChangeAction#PENDING}: to be confirmed after the debounce period
	 */
	public ChangeAction onDetected(FileSnapshot before, FileSnapshot after) {
		if (after.sha256() == null) {
			return ChangeAction.UNAVAILABLE;
		}
		if (this.compare == Compare.CONTENT && !contentDiffers(before, after)) {
			return ChangeAction.UNCHANGED_CONTENT;
		}
		return ChangeAction.PENDING;
	}

	/**
	 * What the latest change of a file amounts to once its burst is over.
	 * @param after the file's latest snapshot
	 * @param applied what the child runs on
	 * @return {@link ChangeAction#UNCHANGED_CONTENT} when, with {@code compare=content}, the file is back
	 * to the content the child already has; else {@link ChangeAction#PENDING}: to be acted on
	 */
	public ChangeAction onConfirmed(FileSnapshot after, AppliedContent applied) {
		if (this.compare == Compare.CONTENT && applied.isApplied(after.path(), after.sha256())) {
			return ChangeAction.UNCHANGED_CONTENT;
		}
		return ChangeAction.PENDING;
	}

}
