package io.flushmanager.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A replica of the kubelet's {@code AtomicWriter} (pkg/volume/util/atomic_writer.go), the
 * code that updates ConfigMap and Secret volumes. It writes a payload the way the kubelet
 * does, step for step, so the demo and the tests exercise exactly what a pod sees:
 * <ol>
 * <li>no-op when the payload is byte-identical to what {@code ..data} shows and no key
 * was removed;</li>
 * <li>create a new timestamped directory {@code ..YYYY_MM_DD_HH_MM_SS.<random>};</li>
 * <li>write the payload into it;</li>
 * <li>create the symlink {@code ..data_tmp -> <new dir>};</li>
 * <li>rename {@code ..data_tmp} onto {@code ..data} (the atomic commit point);</li>
 * <li>create the user-visible symlinks {@code <key> -> ..data/<key>} that do not exist
 * yet;</li>
 * <li>remove the user-visible symlinks of keys no longer in the payload;</li>
 * <li>delete the old timestamped directory.</li>
 * </ol>
 * Keys are flat file names (the kubelet also allows nested paths; ConfigMap keys cannot
 * hold a slash) and are checked as the API server checks ConfigMap and Secret keys
 * ({@link #isValidKey}), so that a key never reaches outside the target directory or onto
 * the layout's own {@code ..} names.
 */
public class AtomicWriter {

	/** The link that names the current timestamped directory. */
	public static final String DATA_DIR = "..data";

	/** The link created for the commit, renamed onto {@link #DATA_DIR}. */
	public static final String DATA_DIR_TMP = "..data_tmp";

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss.")
		.withZone(ZoneOffset.UTC);

	private static final int MAX_KEY_LENGTH = 253;

	private final Path targetDir;

	private final Clock clock;

	/**
	 * The mode of every file written (the volume's {@code defaultMode}), or {@code null}
	 * for the umask's.
	 */
	private final @Nullable Set<PosixFilePermission> fileMode;

	public AtomicWriter(Path targetDir) {
		this(targetDir, Clock.systemUTC());
	}

	public AtomicWriter(Path targetDir, Clock clock) {
		this(targetDir, clock, null);
	}

	private AtomicWriter(Path targetDir, Clock clock, @Nullable Set<PosixFilePermission> fileMode) {
		this.targetDir = targetDir;
		this.clock = clock;
		this.fileMode = fileMode;
	}

	/**
	 * A writer that gives every file it writes this mode, as the kubelet does with a
	 * volume's {@code defaultMode} (Secrets: {@code 0400}).
	 * @param mode the permissions
	 * @return a new writer for the same directory
	 */
	public AtomicWriter withFileMode(Set<PosixFilePermission> mode) {
		return new AtomicWriter(this.targetDir, this.clock, Set.copyOf(mode));
	}

	/**
	 * Called on the writing thread right after each commit (the rename onto
	 * {@code ..data}), before the clean-up; nothing here. For benchmarks that time a
	 * reaction from the commit itself: it must be quick and not throw.
	 */
	protected void committed() {
	}

	/**
	 * Whether a key can be a file in the layout: what the API server accepts as a
	 * ConfigMap or Secret key ({@code [-._a-zA-Z0-9]+}, at most 253 characters, not
	 * {@code .} or {@code ..}), and never a name starting with {@code ..}, which the
	 * layout keeps for itself.
	 * @param key the key
	 * @return whether it is valid
	 */
	public static boolean isValidKey(@Nullable String key) {
		if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.equals(".") || key.startsWith("..")) {
			return false;
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_' || c == '.';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Write a payload of UTF-8 text files.
	 * @param payload key to content
	 * @return {@code false} when nothing was written because the payload is unchanged
	 * @throws IOException on a filesystem error
	 */
	public boolean writeText(Map<String, String> payload) throws IOException {
		Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
		payload.forEach((key, value) -> bytes.put(key, value.getBytes(StandardCharsets.UTF_8)));
		return write(bytes);
	}

	/**
	 * Write a payload.
	 * @param payload key to content
	 * @return {@code false} when nothing was written because the payload is unchanged
	 * @throws IOException on a filesystem error
	 */
	public boolean write(Map<String, byte[]> payload) throws IOException {
		for (String key : payload.keySet()) {
			if (!isValidKey(key)) {
				throw new IllegalArgumentException("Invalid key: " + printable(key));
			}
		}
		Files.createDirectories(this.targetDir);
		Path dataDir = this.targetDir.resolve(DATA_DIR);
		Path oldTsDir = Files.isSymbolicLink(dataDir) ? this.targetDir.resolve(Files.readSymbolicLink(dataDir)) : null;
		Set<String> pathsToRemove = (oldTsDir != null) ? existingKeys(oldTsDir) : new HashSet<>();
		pathsToRemove.removeAll(payload.keySet());
		if (oldTsDir != null && pathsToRemove.isEmpty() && sameContent(oldTsDir, payload)) {
			return false;
		}
		Path tsDir = newTimestampDir();
		Path tmpLink = this.targetDir.resolve(DATA_DIR_TMP);
		try {
			for (Map.Entry<String, byte[]> entry : payload.entrySet()) {
				Path file = Files.write(tsDir.resolve(entry.getKey()), entry.getValue());
				if (this.fileMode != null) {
					Files.setPosixFilePermissions(file, this.fileMode);
				}
			}
			Files.deleteIfExists(tmpLink);
			Files.createSymbolicLink(tmpLink, tsDir.getFileName());
			Files.move(tmpLink, dataDir, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException | RuntimeException ex) {
			// Before the commit point (a full disk, say): ..data still shows the old
			// payload; leave no half
			// written directory behind.
			try {
				Files.deleteIfExists(tmpLink);
				deleteRecursively(tsDir);
			}
			catch (IOException cleanup) {
				ex.addSuppressed(cleanup);
			}
			throw ex;
		}
		committed();
		for (String key : payload.keySet()) {
			Path visible = this.targetDir.resolve(key);
			if (!Files.exists(visible, LinkOption.NOFOLLOW_LINKS)) {
				Files.createSymbolicLink(visible, Path.of(DATA_DIR, key));
			}
		}
		for (String key : pathsToRemove) {
			Files.deleteIfExists(this.targetDir.resolve(key));
		}
		if (oldTsDir != null && !oldTsDir.equals(tsDir)) {
			deleteRecursively(oldTsDir);
		}
		return true;
	}

	/**
	 * Remove the whole target directory: visible links, {@code ..data} and every
	 * timestamped directory.
	 * @return {@code false} when there was nothing to remove
	 * @throws IOException on a filesystem error
	 */
	public boolean removeAll() throws IOException {
		if (!Files.exists(this.targetDir, LinkOption.NOFOLLOW_LINKS)) {
			return false;
		}
		deleteRecursively(this.targetDir);
		return true;
	}

	/**
	 * A key as it can be put in a message: control characters escaped, at most 80
	 * characters.
	 */
	private static String printable(String key) {
		StringBuilder out = new StringBuilder();
		key.codePoints().limit(80).forEach((c) -> {
			if (c < 0x20 || c == 0x7f) {
				out.append(String.format("\\x%02x", c));
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return (key.length() > 80) ? out + "..." : out.toString();
	}

	/**
	 * Remove what an interrupted write (a process killed mid-way) left behind:
	 * {@code ..data_tmp} and timestamped directories that {@code ..data} does not name.
	 * {@code ..data} itself is never touched, so the payload it shows stays whole.
	 * @return how many entries were removed
	 * @throws IOException on a filesystem error
	 */
	public int removeOrphans() throws IOException {
		if (!Files.isDirectory(this.targetDir)) {
			return 0;
		}
		Path dataDir = this.targetDir.resolve(DATA_DIR);
		Path current = Files.isSymbolicLink(dataDir) ? Files.readSymbolicLink(dataDir).getFileName() : null;
		int removed = 0;
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.targetDir)) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				boolean orphan = name.equals(DATA_DIR_TMP) || (name.matches("\\.\\.\\d{4}_\\d\\d_\\d\\d_.*")
						&& (current == null || !name.equals(current.toString())));
				if (orphan) {
					deleteRecursively(entry);
					removed++;
				}
			}
		}
		return removed;
	}

	private Path newTimestampDir() throws IOException {
		String prefix = TIMESTAMP.format(this.clock.instant());
		while (true) {
			Path candidate = this.targetDir
				.resolve(prefix + ThreadLocalRandom.current().nextInt(100_000_000, 1_000_000_000));
			try {
				return Files.createDirectory(candidate);
			}
			catch (java.nio.file.FileAlreadyExistsException ex) {
				// MkdirTemp retries with another random suffix too.
			}
		}
	}

	private static Set<String> existingKeys(Path tsDir) throws IOException {
		Set<String> keys = new HashSet<>();
		if (Files.isDirectory(tsDir)) {
			try (DirectoryStream<Path> entries = Files.newDirectoryStream(tsDir)) {
				entries.forEach((entry) -> keys.add(entry.getFileName().toString()));
			}
		}
		return keys;
	}

	private static boolean sameContent(Path tsDir, Map<String, byte[]> payload) throws IOException {
		for (Map.Entry<String, byte[]> entry : payload.entrySet()) {
			Path file = tsDir.resolve(entry.getKey());
			if (!Files.isRegularFile(file) || !Arrays.equals(Files.readAllBytes(file), entry.getValue())) {
				return false;
			}
		}
		return true;
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
