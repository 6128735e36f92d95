package io.flushmanager.watch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

import io.flushmanager.time.Ticker;

/**
 * Takes {@link FileSnapshot snapshots} of the real filesystem. A file that is missing,
 * dangling, looping, unreadable, not a regular file, too large or too slow to read gives
 * a snapshot that says so; it never throws and never blocks longer than the read timeout
 * on a file's content (a stat on a hung network mount can block; nothing waits for the
 * thread that runs it but the next check of that file).
 * <p>
 * Given an earlier snapshot, the content is read again only when
 * {@link ContentRule#hashStillValid} says the earlier hash no longer stands: a poll over
 * files whose stat did not change costs a stat each.
 * <p>
 * Only regular files are opened: a FIFO would block the open until a writer comes, a
 * character device such as {@code /dev/zero} never ends. The type is taken by stat,
 * following links, before the open.
 */
public final class SnapshotReader {

	static final String DATA_LINK = "..data";

	/**
	 * Swaps in a burst of kubelet updates take microseconds each: a few more tries cost
	 * nothing.
	 */
	private static final int MAX_ATTEMPTS = 10;

	private final long maxFileSize;

	private final String tooLarge;

	private final ContentReader content;

	private final Duration verifyInterval;

	private final Clock clock;

	private final Ticker ticker;

	/**
	 * A reader with a size cap, a reader for the content and the re-hash policy.
	 * @param maxFileSize files larger than this are recorded by stat alone
	 * @param content reads and hashes content within the read timeout
	 * @param verifyInterval an unchanged stat is trusted for at most this long
	 * ({@code watch.verify-interval})
	 * @param clock the wall clock that file timestamps are compared with
	 * @param ticker the monotonic clock the verify interval runs on
	 */
	public SnapshotReader(DataSize maxFileSize, ContentReader content, Duration verifyInterval, Clock clock,
			Ticker ticker) {
		this.maxFileSize = maxFileSize.toBytes();
		this.tooLarge = "larger than flush-manager.watch.max-file-size (" + format(maxFileSize)
				+ "): recorded by stat alone, content not read";
		this.content = content;
		this.verifyInterval = verifyInterval;
		this.clock = clock;
		this.ticker = ticker;
	}

	/**
	 * A reader with a size cap, a reader for the content, and the default verify interval
	 * (1m).
	 * @param maxFileSize files larger than this are recorded by stat alone
	 * @param content reads and hashes content within the read timeout
	 */
	public SnapshotReader(DataSize maxFileSize, ContentReader content) {
		this(maxFileSize, content, Duration.ofMinutes(1), Clock.systemUTC(), Ticker.SYSTEM);
	}

	/**
	 * A reader with the default size cap (16MB) and read timeout (2s), for tools and
	 * benchmarks.
	 * @return the reader
	 */
	public static SnapshotReader withDefaults() {
		return new SnapshotReader(DataSize.ofMegabytes(16),
				new ContentReader(Duration.ofSeconds(2), WatchConfiguration.readerThreads()));
	}

	/**
	 * Take a snapshot of a path, following links.
	 * @param path the visible path
	 * @return the snapshot
	 */
	public FileSnapshot take(Path path) {
		return take(path, null);
	}

	/**
	 * Take a snapshot of a path, following links, reusing the resolved path of an earlier
	 * snapshot while the path still leads to the same file (device, inode and mtime):
	 * resolving every link of the path is the most costly part of a check, and polling
	 * checks every file. The earlier hash is reused too when
	 * {@link ContentRule#hashStillValid} allows it; otherwise the content is read.
	 * @param path the visible path
	 * @param earlier an earlier snapshot of the same path, or {@code null}
	 * @return the snapshot
	 */
	public FileSnapshot take(Path path, @Nullable FileSnapshot earlier) {
		FileSnapshot snapshot = null;
		// The content is read through the path, so a swap between stat and read would
		// pair one file's
		// inode with another's hash: read again until both stats agree.
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			// Read before the stat and the content: the hash is then at least as new as
			// these, which errs
			// towards reading again.
			Instant now = this.clock.instant();
			long tick = this.ticker.nanoTime();
			FileSnapshot stat = stat(path, null, null, earlier);
			if (!stat.exists() || stat.error() != null) {
				return stat;
			}
			if (attempt == 0 && earlier != null
					&& ContentRule.hashStillValid(earlier, stat, tick, this.verifyInterval)) {
				return withContent(stat, earlier.sha256(), null, earlier.hashedAt(), earlier.hashedTick());
			}
			ContentReader.Content read = this.content.read(path, stat.device(), stat.inode(), this.maxFileSize);
			snapshot = withContent(stat, read.sha256(), read.error(), now, tick);
			if (read.retry()) {
				continue;
			}
			if (read.sha256() == null) {
				return snapshot;
			}
			FileSnapshot after = stat(path, snapshot.sha256(), null, snapshot);
			if (!ContentRule.differs(snapshot, after)) {
				return snapshot;
			}
		}
		return snapshot;
	}

	private static FileSnapshot withContent(FileSnapshot stat, @Nullable String sha256, @Nullable String error,
			@Nullable Instant hashedAt, long hashedTick) {
		return new FileSnapshot(stat.path(), stat.exists(), stat.symlink(), stat.resolvedPath(), stat.configMapLayout(),
				stat.device(), stat.inode(), stat.size(), stat.lastModified(), sha256, error,
				(sha256 != null) ? hashedAt : null, hashedTick);
	}

	private FileSnapshot stat(Path path, @Nullable String sha256, @Nullable String error,
			@Nullable FileSnapshot earlier) {
		Stat attributes;
		try {
			attributes = Stat.of(path);
		}
		catch (NoSuchFileException ex) {
			boolean symlink = Files.isSymbolicLink(path);
			return missing(path, symlink, configMap(path), symlink ? "dangling symlink" : null);
		}
		catch (FileSystemException ex) {
			return missing(path, Files.isSymbolicLink(path), configMap(path), describe(ex));
		}
		catch (IOException | UnsupportedOperationException ex) {
			return missing(path, Files.isSymbolicLink(path), configMap(path), ex.getMessage());
		}
		Long device = attributes.device();
		Long inode = attributes.inode();
		Long size = attributes.size();
		Instant lastModified = attributes.lastModified();
		String type = attributes.type();
		if (type != null) {
			error = "not a regular file: " + type;
		}
		else if (size > this.maxFileSize) {
			error = this.tooLarge;
		}
		boolean sameFile = earlier != null && earlier.resolvedPath() != null && device.equals(earlier.device())
				&& inode.equals(earlier.inode()) && lastModified.equals(earlier.lastModified());
		if (sameFile) {
			// Still the same file: how the path leads to it is taken over too (one stat
			// per file and poll).
			return new FileSnapshot(path, true, earlier.symlink(), earlier.resolvedPath(), earlier.configMapLayout(),
					device, inode, size, lastModified, sha256, error);
		}
		return new FileSnapshot(path, true, Files.isSymbolicLink(path), realPath(path), configMap(path), device, inode,
				size, lastModified, sha256, error);
	}

	private static boolean configMap(Path path) {
		Path parent = path.toAbsolutePath().getParent();
		return parent != null && Files.isSymbolicLink(parent.resolve(DATA_LINK));
	}

	private static String format(DataSize size) {
		long bytes = size.toBytes();
		if (bytes > 0 && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
			return size.toMegabytes() + "MB";
		}
		if (bytes > 0 && bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
			return size.toKilobytes() + "KB";
		}
		return bytes + "B";
	}

	private static FileSnapshot missing(Path path, boolean symlink, boolean configMap, String error) {
		return new FileSnapshot(path, false, symlink, null, configMap, null, null, null, null, null, error);
	}

	private static Path realPath(Path path) {
		try {
			return path.toRealPath();
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * The target a symbolic link names, for logs, or {@code null} if the path is not a
	 * link.
	 * @param path a path
	 * @return the link's target as written
	 */
	static Path linkTarget(Path path) {
		try {
			return Files.isSymbolicLink(path) ? Files.readSymbolicLink(path) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	static String describe(Throwable ex) {
		if (ex instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (ex instanceof FileSystemException fs && fs.getReason() != null) {
			return fs.getReason().toLowerCase();
		}
		return ex.getClass().getSimpleName() + ": " + ex.getMessage();
	}

}
