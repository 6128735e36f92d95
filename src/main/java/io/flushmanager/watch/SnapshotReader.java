package io.flushmanager.watch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Takes {@link FileSnapshot snapshots} of the real filesystem. A file that is missing, dangling,
 * looping, unreadable, not a regular file, too large or too slow to read gives a snapshot that says so;
 * it never throws and never blocks longer than the read timeout on a file's content (a stat on a hung
 * network mount can block; nothing waits for the thread that runs it but the next check of that file).
 * <p>
 * Only regular files are opened: a FIFO would block the open until a writer comes, a character device
 * such as {@code /dev/zero} never ends. The type is taken by stat, following links, before the open.
 */
public final class SnapshotReader {

	static final String DATA_LINK = "..data";

	/** Swaps in a burst of kubelet updates take microseconds each: a few more tries cost nothing. */
	private static final int MAX_ATTEMPTS = 10;

	private static final int S_IFMT = 0170000;

	private final long maxFileSize;

	private final String tooLarge;

	private final ContentReader content;

	/**
	 * A reader with a size cap and a reader for the content.
	 * @param maxFileSize files larger than this are recorded by stat alone
	 * @param content reads and hashes content within the read timeout
	 */
	public SnapshotReader(DataSize maxFileSize, ContentReader content) {
		this.maxFileSize = maxFileSize.toBytes();
		this.tooLarge = "larger than flush-manager.watch.max-file-size (" + format(maxFileSize)
				+ "): recorded by stat alone, content not read";
		this.content = content;
	}

	/**
	 * A reader with the default size cap (16MB) and read timeout (2s), for tools and benchmarks.
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
	 * Take a snapshot of a path, following links, reusing the resolved path of an earlier snapshot while the
	 * path still leads to the same file (device, inode and mtime): resolving every link of the path is the
	 * most costly part of a check, and polling checks every file.
	 * @param path the visible path
	 * @param earlier an earlier snapshot of the same path, or {@code null}
	 * @return the snapshot
	 */
	public FileSnapshot take(Path path, @Nullable FileSnapshot earlier) {
		boolean symlink = Files.isSymbolicLink(path);
		Path parent = path.toAbsolutePath().getParent();
		boolean configMap = parent != null && Files.isSymbolicLink(parent.resolve(DATA_LINK));
		FileSnapshot snapshot = null;
		// The content is read through the path, so a swap between stat and read would pair one file's
		// inode with another's hash: read again until both stats agree.
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			FileSnapshot stat = stat(path, symlink, configMap, null, null, earlier);
			if (!stat.exists() || stat.error() != null) {
				return stat;
			}
			ContentReader.Content read = this.content.read(path, stat.device(), stat.inode(), this.maxFileSize);
			snapshot = withContent(stat, read.sha256(), read.error());
			if (read.retry()) {
				continue;
			}
			if (read.sha256() == null) {
				return snapshot;
			}
			FileSnapshot after = stat(path, symlink, configMap, snapshot.sha256(), null, snapshot);
			if (!ContentRule.differs(snapshot, after)) {
				return snapshot;
			}
		}
		return snapshot;
	}

	private static FileSnapshot withContent(FileSnapshot stat, @Nullable String sha256, @Nullable String error) {
		return new FileSnapshot(stat.path(), stat.exists(), stat.symlink(), stat.resolvedPath(), stat.configMapLayout(),
				stat.device(), stat.inode(), stat.size(), stat.lastModified(), sha256, error);
	}

	private FileSnapshot stat(Path path, boolean symlink, boolean configMap, @Nullable String sha256,
			@Nullable String error, @Nullable FileSnapshot earlier) {
		Map<String, Object> attributes;
		try {
			attributes = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime,mode");
		}
		catch (NoSuchFileException ex) {
			return missing(path, symlink, configMap, symlink ? "dangling symlink" : null);
		}
		catch (FileSystemException ex) {
			return missing(path, symlink, configMap, describe(ex));
		}
		catch (IOException | UnsupportedOperationException ex) {
			return missing(path, symlink, configMap, ex.getMessage());
		}
		Long device = (Long) attributes.get("dev");
		Long inode = (Long) attributes.get("ino");
		Long size = (Long) attributes.get("size");
		Instant lastModified = ((FileTime) attributes.get("lastModifiedTime")).toInstant();
		String type = typeOf((Integer) attributes.get("mode"));
		if (type != null) {
			error = "not a regular file: " + type;
		}
		else if (size > this.maxFileSize) {
			error = this.tooLarge;
		}
		boolean sameFile = earlier != null && earlier.resolvedPath() != null && device.equals(earlier.device())
				&& inode.equals(earlier.inode()) && lastModified.equals(earlier.lastModified());
		return new FileSnapshot(path, true, symlink, sameFile ? earlier.resolvedPath() : realPath(path), configMap,
				device, inode, size, lastModified, sha256, error);
	}

	/** What a stat mode names when it is not a regular file, or {@code null} for a regular file. */
	static @Nullable String typeOf(int mode) {
		return switch (mode & S_IFMT) {
			case 0100000 -> null;
			case 0040000 -> "directory";
			case 0010000 -> "fifo";
			case 0020000 -> "character device";
			case 0060000 -> "block device";
			case 0140000 -> "socket";
			default -> "unknown type " + Integer.toOctalString(mode & S_IFMT);
		};
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
	 * The target a symbolic link names, for logs, or {@code null} if the path is not a link.
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
