package io.flushmanager.watch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Takes {@link FileSnapshot snapshots} of the real filesystem. A file that is missing, dangling,
 * looping or unreadable gives a snapshot that says so; it never throws.
 */
public final class SnapshotReader {

	static final String DATA_LINK = "..data";

	private static final int BUFFER_SIZE = 64 * 1024;

	private static final int MAX_ATTEMPTS = 3;

	private SnapshotReader() {
	}

	/**
	 * Take a snapshot of a path, following links.
	 * @param path the visible path
	 * @return the snapshot
	 */
	public static FileSnapshot take(Path path) {
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
	public static FileSnapshot take(Path path, @Nullable FileSnapshot earlier) {
		boolean symlink = Files.isSymbolicLink(path);
		Path parent = path.toAbsolutePath().getParent();
		boolean configMap = parent != null && Files.isSymbolicLink(parent.resolve(DATA_LINK));
		FileSnapshot snapshot = null;
		// The content is read through the path, so a swap between stat and read would pair one file's
		// inode with another's hash: read again until both stats agree.
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			snapshot = read(path, symlink, configMap, earlier);
			if (!snapshot.exists() || snapshot.sha256() == null) {
				return snapshot;
			}
			FileSnapshot after = read(path, symlink, configMap, snapshot.sha256(), snapshot.error(), snapshot);
			if (!after.differsFrom(snapshot)) {
				return snapshot;
			}
		}
		return snapshot;
	}

	private static FileSnapshot read(Path path, boolean symlink, boolean configMap, @Nullable FileSnapshot earlier) {
		FileSnapshot stat = read(path, symlink, configMap, null, null, earlier);
		if (!stat.exists() || stat.error() != null) {
			return stat;
		}
		try {
			return withContent(stat, sha256(path), null);
		}
		catch (NoSuchFileException ex) {
			// Gone between the stat and the read: missing, not an error.
			return missing(path, symlink, configMap, symlink ? "dangling symlink" : null);
		}
		catch (IOException ex) {
			return withContent(stat, null, describe(ex));
		}
	}

	private static FileSnapshot withContent(FileSnapshot stat, String sha256, String error) {
		return new FileSnapshot(stat.path(), stat.exists(), stat.symlink(), stat.resolvedPath(), stat.configMapLayout(),
				stat.device(), stat.inode(), stat.size(), stat.lastModified(), sha256, error);
	}

	private static FileSnapshot read(Path path, boolean symlink, boolean configMap, String sha256, String error,
			@Nullable FileSnapshot earlier) {
		Map<String, Object> attributes;
		try {
			attributes = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime,isDirectory");
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
		boolean directory = Boolean.TRUE.equals(attributes.get("isDirectory"));
		Long device = (Long) attributes.get("dev");
		Long inode = (Long) attributes.get("ino");
		Instant lastModified = ((FileTime) attributes.get("lastModifiedTime")).toInstant();
		boolean sameFile = earlier != null && earlier.resolvedPath() != null && device.equals(earlier.device())
				&& inode.equals(earlier.inode()) && lastModified.equals(earlier.lastModified());
		return new FileSnapshot(path, true, symlink, sameFile ? earlier.resolvedPath() : realPath(path), configMap,
				device, inode, (Long) attributes.get("size"), lastModified, sha256, directory ? "is a directory" : error);
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

	private static String describe(IOException ex) {
		if (ex instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (ex instanceof FileSystemException fs && fs.getReason() != null) {
			return fs.getReason().toLowerCase();
		}
		return ex.getClass().getSimpleName() + ": " + ex.getMessage();
	}

	private static String sha256(Path path) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		byte[] buffer = new byte[BUFFER_SIZE];
		try (InputStream in = Files.newInputStream(path)) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				digest.update(buffer, 0, read);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

}
