package io.flushmanager.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.flushmanager.config.WatchProperties.Compare;

/**
 * The one rule of what a change of a watched file amounts to. The detector asks it when a
 * snapshot differs from the last one; the debouncer asks it again when a burst is over,
 * because by then the file may be back to what the child already runs on.
 *
 * @param compare how snapshots are compared ({@code watch.compare})
 */
public record ContentRule(Compare compare) {

	/**
	 * The coarsest timestamp step of the filesystems a ConfigMap or a config file sits on
	 * (FAT and some network mounts: 2 s; ext4, xfs, tmpfs: the kernel's clock tick). Two
	 * writes within one step can leave the same mtime.
	 */
	public static final Duration TIMESTAMP_GRANULARITY = Duration.ofSeconds(2);

	/**
	 * Whether a file's earlier hash still stands for its content, so that polling need
	 * not read it again (git's racy-clean rule). It does only when all of these hold:
	 * <ul>
	 * <li>the stat (device, inode, size, mtime, resolved path) is the same as when it was
	 * hashed;</li>
	 * <li>the hash was read more than {@link #TIMESTAMP_GRANULARITY} after the mtime: a
	 * write in the same timestamp step as the read leaves the stat unchanged, so a file
	 * modified that close to its read is "racily clean" and read again, until a read
	 * happens clearly after its mtime;</li>
	 * <li>the hash is younger than {@code verifyInterval}: a clock that does not match
	 * ours (an NFS server's) or a tool that puts the old mtime back can fool the two
	 * rules above, but not for longer than this.</li>
	 * </ul>
	 * @param earlier the last snapshot of the path
	 * @param stat a new snapshot of the same path, stat alone (no content)
	 * @param nowTick the {@link io.flushmanager.time.Ticker} reading of the new stat
	 * @param verifyInterval {@code watch.verify-interval}
	 * @return {@code true} when the earlier hash can be taken over without reading the
	 * file
	 */
	public static boolean hashStillValid(FileSnapshot earlier, FileSnapshot stat, long nowTick,
			Duration verifyInterval) {
		Instant hashedAt = earlier.hashedAt();
		if (hashedAt == null || earlier.sha256() == null || earlier.error() != null || stat.error() != null
				|| !earlier.exists() || !stat.exists() || earlier.lastModified() == null) {
			return false;
		}
		boolean sameStat = Objects.equals(earlier.device(), stat.device())
				&& Objects.equals(earlier.inode(), stat.inode()) && Objects.equals(earlier.size(), stat.size())
				&& Objects.equals(earlier.lastModified(), stat.lastModified())
				&& Objects.equals(earlier.resolvedPath(), stat.resolvedPath());
		boolean racy = earlier.lastModified().plus(TIMESTAMP_GRANULARITY).isAfter(hashedAt);
		boolean verifyDue = nowTick - earlier.hashedTick() >= verifyInterval.toNanos();
		return sameStat && !racy && !verifyDue;
	}

	/**
	 * Whether anything the watcher acts on differs: existence, identity, size, time,
	 * target, content or read error. A snapshot that does not differ is not a change at
	 * all.
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
	 * {@link ChangeAction#UNCHANGED_CONTENT} for a metadata-only change with
	 * {@code compare=content}, else {@link ChangeAction#PENDING}: to be confirmed after
	 * the debounce period
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
	 * @return {@link ChangeAction#UNCHANGED_CONTENT} when, with {@code compare=content},
	 * the file is back to the content the child already has; else
	 * {@link ChangeAction#PENDING}: to be acted on
	 */
	public ChangeAction onConfirmed(FileSnapshot after, AppliedContent applied) {
		if (this.compare == Compare.CONTENT && applied.isApplied(after.path(), after.sha256())) {
			return ChangeAction.UNCHANGED_CONTENT;
		}
		return ChangeAction.PENDING;
	}

}
