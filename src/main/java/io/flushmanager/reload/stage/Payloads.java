package io.flushmanager.reload.stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reading a mounted file for staging, and hashing. Only regular files are read (a FIFO
 * put in place of a config would block the reader), and only up to
 * {@code watch.max-file-size}.
 */
final class Payloads {

	private Payloads() {
	}

	/**
	 * The content of a mounted file.
	 * @param path the watched path (links followed)
	 * @param maxSize the largest size read
	 * @return the bytes, or {@code null} when the file is missing
	 * @throws IOException when it is not a regular file, too large, or unreadable
	 */
	static byte @Nullable [] read(Path path, long maxSize) throws IOException {
		if (!Files.exists(path)) {
			return null;
		}
		if (!Files.isRegularFile(path)) {
			throw new IOException(path + " is not a regular file");
		}
		if (Files.size(path) > maxSize) {
			throw new IOException(path + " is larger than flush-manager.watch.max-file-size (" + maxSize + " bytes)");
		}
		return Files.readAllBytes(path);
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static @Nullable String sha256(Map<String, byte[]> payload, String name) {
		byte[] bytes = payload.get(name);
		return (bytes != null) ? sha256(bytes) : null;
	}

	/** The first 12 hex digits: enough to tell contents apart in a log line. */
	static String shortHash(@Nullable String sha256) {
		return (sha256 == null) ? "none" : sha256.substring(0, Math.min(12, sha256.length()));
	}

}
