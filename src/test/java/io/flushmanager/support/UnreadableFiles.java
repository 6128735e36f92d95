package io.flushmanager.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a file unreadable for this process. Permission bits do not stop root (CI runs as
 * root), so for root the file is replaced by a link to a procfs file that even root
 * cannot read.
 */
public final class UnreadableFiles {

	private static final Path ROOT_UNREADABLE = Path.of("/proc/sys/vm/compact_memory");

	private UnreadableFiles() {
	}

	public static void makeUnreadable(Path file) throws IOException {
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
		if (Files.isReadable(file)) {
			Files.delete(file);
			Files.createSymbolicLink(file, ROOT_UNREADABLE);
		}
	}

	public static void makeReadable(Path file, String content) throws IOException {
		Files.deleteIfExists(file);
		Files.writeString(file, content);
	}

}
