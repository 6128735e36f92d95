package io.flushmanager.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What one stat says. The basic attributes are one stat call and carry device and inode
 * in their file key; the {@code unix:} view is the same call at two to three times the
 * cost (it builds a map by name), so it is read only to name a file that is not regular,
 * or if the key is not in the form known. Its own type because it is the cheapest way to
 * device and inode that the JDK offers, and every poll pays it once per file; the
 * {@link SnapshotReader} decides what a stat means for a snapshot.
 */
record Stat(long device, long inode, long size, Instant lastModified, @Nullable String type) {

	private static final int S_IFMT = 0170000;

	private static final String DEVICE = "(dev=";

	private static final String INODE = ",ino=";

	static Stat of(Path path) throws IOException {
		BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class);
		String key = String.valueOf(basic.fileKey());
		int ino = key.indexOf(INODE);
		if (basic.isRegularFile() && key.startsWith(DEVICE) && ino > 0 && key.endsWith(")")) {
			try {
				return new Stat(Long.parseUnsignedLong(key.substring(DEVICE.length(), ino), 16),
						Long.parseLong(key.substring(ino + INODE.length(), key.length() - 1)), basic.size(),
						basic.lastModifiedTime().toInstant(), null);
			}
			catch (NumberFormatException ex) {
				// Not the form known: the unix view below says the same at a higher
				// cost.
			}
		}
		Map<String, Object> unix = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime,mode");
		return new Stat((Long) unix.get("dev"), (Long) unix.get("ino"), (Long) unix.get("size"),
				((FileTime) unix.get("lastModifiedTime")).toInstant(), typeOf((Integer) unix.get("mode")));
	}

	/**
	 * What a stat mode names when it is not a regular file, or {@code null} for a regular
	 * file.
	 */
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

}
