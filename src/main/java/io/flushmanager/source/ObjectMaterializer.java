package io.flushmanager.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flushmanager.fs.AtomicWriter;

/**
 * Writes objects into {@code
 *
<dir>
 * /<kind>/<name>/} in the kubelet's layout through the one {@link AtomicWriter}, and
 * removes them. Secrets are written {@code 0400} under a {@code 0700} directory.
 */
class ObjectMaterializer {

	private static final Set<PosixFilePermission> SECRET_FILE = PosixFilePermissions.fromString("r--------");

	private static final Set<PosixFilePermission> SECRET_DIR = PosixFilePermissions.fromString("rwx------");

	private final Path dir;

	ObjectMaterializer(Path dir) {
		this.dir = dir.toAbsolutePath().normalize();
	}

	/**
	 * The directory of an object.
	 * @param ref the object, with a valid name
	 * @return {@code <dir>/<kind>/<name>}
	 */
	Path directory(ObjectRef ref) {
		if (!ObjectRef.isValidName(ref.name())) {
			throw new InvalidObjectException(ref.kind().displayName() + " name is not valid");
		}
		return this.dir.resolve(ref.kind().directory()).resolve(ref.name());
	}

	/**
	 * The visible files an object's payload gives.
	 * @param ref the object
	 * @param keys its keys, all valid
	 * @return the paths, in key order
	 */
	List<Path> files(ObjectRef ref, Iterable<String> keys) {
		Path directory = directory(ref);
		List<Path> files = new java.util.ArrayList<>();
		keys.forEach((key) -> files.add(directory.resolve(key)));
		return files;
	}

	/**
	 * Check every key the way the kubelet and the API server would, before anything is
	 * written.
	 * @param ref the object
	 * @param payload key to content
	 * @throws InvalidObjectException naming the first invalid key (escaped, never a
	 * value)
	 */
	void validate(ObjectRef ref, Map<String, byte[]> payload) {
		directory(ref);
		for (String key : payload.keySet()) {
			if (!AtomicWriter.isValidKey(key)) {
				throw new InvalidObjectException("key " + printable(key) + " is not a valid file name (allowed: "
						+ "[-._a-zA-Z0-9], at most 253 characters, not . or .., not starting with ..)");
			}
		}
	}

	/**
	 * Create the object's directory, so that the watcher can register it before the first
	 * write.
	 * @param ref the object
	 * @throws IOException on a filesystem error
	 */
	void prepare(ObjectRef ref) throws IOException {
		Path kindDir = this.dir.resolve(ref.kind().directory());
		if (ref.kind() == ObjectRef.Kind.SECRET && !Files.isDirectory(kindDir)) {
			Files.createDirectories(kindDir);
			Files.setPosixFilePermissions(kindDir, SECRET_DIR);
		}
		Files.createDirectories(directory(ref));
	}

	/**
	 * Write an object's payload; keys that are gone lose their files.
	 * @param ref the object
	 * @param payload key to content, validated
	 * @return {@code false} when the files already held exactly this payload
	 * @throws IOException on a filesystem error
	 */
	boolean write(ObjectRef ref, Map<String, byte[]> payload) throws IOException {
		validate(ref, payload);
		prepare(ref);
		AtomicWriter writer = new AtomicWriter(directory(ref));
		if (ref.kind() == ObjectRef.Kind.SECRET) {
			writer = writer.withFileMode(SECRET_FILE);
		}
		return writer.write(payload);
	}

	/**
	 * Remove an object's directory.
	 * @param ref the object
	 * @return {@code false} when there was none
	 * @throws IOException on a filesystem error
	 */
	boolean remove(ObjectRef ref) throws IOException {
		return new AtomicWriter(directory(ref)).removeAll();
	}

	private static String printable(String key) {
		StringBuilder out = new StringBuilder("'");
		key.codePoints().limit(64).forEach((c) -> {
			if (c < 0x20 || c == 0x7f || c == '\'') {
				out.append(String.format("\\x%02x", c));
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return out.append((key.length() > 64) ? "...'" : "'").toString();
	}

	/** An object that cannot be materialized as it is; its last good files stay. */
	static final class InvalidObjectException extends RuntimeException {

		InvalidObjectException(String message) {
			super(message);
		}

	}

}
