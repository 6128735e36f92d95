package io.flushmanager.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code lstat} says about a file: never follows a symbolic link.
 *
 * @param path the file
 * @param device device number
 * @param inode inode number
 * @param ctime ctime, nanoseconds since the epoch
 * @param size size in bytes
 * @param mtime mtime, nanoseconds since the epoch
 * @param regular whether it is a regular file (not a FIFO, device, socket, directory or
 * link)
 */
record FileStat(Path path, long device, long inode, long ctime, long size, long mtime, boolean regular) {

	/**
	 * @param path the file
	 * @return its stat, empty when it is gone
	 * @throws IOException on any other failure
	 */
	static Optional<FileStat> of(Path path) throws IOException {
		Map<String, Object> attributes;
		try {
			attributes = Files.readAttributes(path, "unix:dev,ino,ctime,size,lastModifiedTime,mode",
					LinkOption.NOFOLLOW_LINKS);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			return Optional.empty();
		}
		int mode = (Integer) attributes.get("mode");
		boolean regular = (mode & 0170000) == 0100000;
		return Optional.of(new FileStat(path, (Long) attributes.get("dev"), (Long) attributes.get("ino"),
				nanos((FileTime) attributes.get("ctime")), (Long) attributes.get("size"),
				nanos((FileTime) attributes.get("lastModifiedTime")), regular));
	}

	private static long nanos(FileTime time) {
		Instant instant = time.toInstant();
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	/** Whether the content may have changed since another stat of the same file. */
	boolean sameContentAs(long size, long mtime) {
		return this.size == size && this.mtime == mtime;
	}

}
