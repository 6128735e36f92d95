package io.flushmanager.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
			// Swapped in by a rename, as the kubelet does: a watcher never sees the file
			// missing in between, which would be a state of its own.
			Path link = file.resolveSibling("." + file.getFileName() + ".unreadable");
			Files.deleteIfExists(link);
			Files.createSymbolicLink(link, ROOT_UNREADABLE);
			Files.move(link, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	public static void makeReadable(Path file, String content) throws IOException {
		Files.deleteIfExists(file);
		Files.writeString(file, content);
	}

}
