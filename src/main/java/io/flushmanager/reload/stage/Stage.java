package io.flushmanager.reload.stage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.fs.AtomicWriter;

/**
 * The stage dir: the copy of the config the child reads, in the kubelet's layout (written
 * by the one {@link AtomicWriter}, so a child sees either the old or the new payload,
 * never half of one), and beside it, in {@code ..flush-manager/}, what must survive a
 * container restart: the last good payload (an atomic layout of its own), the hash that
 * failed per file, and the payload under verification right now (left behind only when
 * the service died mid-transaction).
 */
final class Stage {

	/**
	 * Starts with "..": never a key of the payload, never taken for a timestamped
	 * directory.
	 */
	static final String STATE_DIR = "..flush-manager";

	private static final Log logger = LogFactory.getLog(Stage.class);

	private final Path dir;

	private final AtomicWriter staged;

	private final AtomicWriter good;

	private final Path failedFile;

	private final Path pendingFile;

	/** File name to the hash of content that failed verification; persisted. */
	private final Map<String, String> failed;

	Stage(Path dir) throws IOException {
		this.dir = dir;
		Path state = dir.resolve(STATE_DIR);
		Files.createDirectories(state);
		this.staged = new AtomicWriter(dir);
		this.good = new AtomicWriter(state.resolve("good"));
		this.failedFile = state.resolve("failed");
		this.pendingFile = state.resolve("pending");
		this.failed = readHashes(this.failedFile);
		int orphans = this.staged.removeOrphans() + this.good.removeOrphans();
		Files.deleteIfExists(state.resolve("failed.tmp"));
		Files.deleteIfExists(state.resolve("pending.tmp"));
		if (orphans > 0) {
			logger.info("Removed " + orphans + " leftover(s) of an interrupted write from stage dir " + dir);
		}
	}

	Path dir() {
		return this.dir;
	}

	/**
	 * What the child reads now.
	 * @return file name to content, empty when nothing is staged
	 * @throws IOException on a read error
	 */
	Map<String, byte[]> staged() throws IOException {
		return read(this.dir);
	}

	/**
	 * The last payload that passed (or the one the child first started with).
	 * @return file name to content, empty when none is known
	 * @throws IOException on a read error
	 */
	Map<String, byte[]> good() throws IOException {
		return read(this.dir.resolve(STATE_DIR).resolve("good"));
	}

	/**
	 * Stage a payload for the child.
	 * @param payload file name to content
	 * @throws IOException when it cannot be written (the previous payload then stays
	 * staged, whole)
	 */
	void write(Map<String, byte[]> payload) throws IOException {
		this.staged.write(payload);
	}

	/**
	 * The payload passed: it becomes the last good one, and its files' failure marks are
	 * cleared.
	 * @param payload file name to content
	 */
	synchronized void commit(Map<String, byte[]> payload) {
		try {
			this.good.write(payload);
		}
		catch (IOException ex) {
			logger.warn("Could not keep the last good config in stage dir " + this.dir + ": " + ex.getMessage()
					+ "; a later rollback restores the one kept before");
		}
		if (this.failed.keySet().removeAll(payload.keySet())) {
			persist(this.failedFile, this.failed);
		}
		clearPending();
	}

	synchronized void failed(Map<String, String> hashes) {
		this.failed.putAll(hashes);
		persist(this.failedFile, this.failed);
	}

	synchronized boolean hasFailed(String name, @Nullable String sha256) {
		return sha256 != null && sha256.equals(this.failed.get(name));
	}

	/**
	 * Marks the hashes now under verification, so that a service killed mid-way does not
	 * trust them.
	 */
	void pending(Map<String, String> hashes) {
		persist(this.pendingFile, hashes);
	}

	Map<String, String> pending() {
		return readHashes(this.pendingFile);
	}

	void clearPending() {
		try {
			Files.deleteIfExists(this.pendingFile);
		}
		catch (IOException ex) {
			logger.warn("Could not clear " + this.pendingFile + ": " + ex.getMessage());
		}
	}

	private static Map<String, byte[]> read(Path layout) throws IOException {
		Map<String, byte[]> payload = new LinkedHashMap<>();
		Path data = layout.resolve(AtomicWriter.DATA_DIR);
		if (!Files.isDirectory(data)) {
			return payload;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(data)) {
			for (Path file : files) {
				if (Files.isRegularFile(file)) {
					payload.put(file.getFileName().toString(), Files.readAllBytes(file));
				}
			}
		}
		return payload;
	}

	private void persist(Path file, Map<String, String> hashes) {
		StringBuilder text = new StringBuilder();
		new TreeMap<>(hashes).forEach((name, sha) -> text.append(sha).append(' ').append(name).append('\n'));
		Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
		try {
			Files.writeString(tmp, text, StandardCharsets.UTF_8);
			Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			// Kept in memory for this run; a container restart may then try the content
			// once more.
			logger.warn("Could not write " + file + ": " + ex.getMessage());
			try {
				Files.deleteIfExists(tmp);
			}
			catch (IOException ignored) {
				// nothing more to do
			}
		}
	}

	private static Map<String, String> readHashes(Path file) {
		Map<String, String> hashes = new LinkedHashMap<>();
		try {
			if (Files.isRegularFile(file)) {
				for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
					int space = line.indexOf(' ');
					if (space == 64) {
						hashes.put(line.substring(space + 1), line.substring(0, space));
					}
				}
			}
		}
		catch (IOException ex) {
			logger.warn("Could not read " + file + ": " + ex.getMessage());
		}
		return hashes;
	}

}
