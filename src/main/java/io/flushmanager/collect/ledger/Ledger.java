package io.flushmanager.collect.ledger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The ledger of collected files: an append-only journal in the state directory, one
 * checksummed line per transition, forced to the disk ({@code fdatasync}) before
 * {@link #put} returns. A SIGKILL at any instant leaves at most a torn last line, which
 * the next open drops (its transition never returned, so the step after it never
 * started). The journal is rewritten (temp file, fsync, rename, fsync of the directory)
 * when superseded lines outnumber live entries. NOTES-collect.md compares it with SQLite
 * and MVStore.
 */
public final class Ledger implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(Ledger.class);

	static final String JOURNAL = "ledger.journal";

	private static final String LOCK = "ledger.lock";

	private final Path dir;

	private final Map<String, Entry> entries = new LinkedHashMap<>();

	/** device:inode to the id of the newest entry of that inode. */
	private final Map<String, String> inodes = new java.util.HashMap<>();

	private final FileChannel lockChannel;

	private final FileLock lock;

	private FileChannel journal;

	private long lines;

	private Ledger(Path dir, FileChannel lockChannel, FileLock lock) {
		this.dir = dir;
		this.lockChannel = lockChannel;
		this.lock = lock;
	}

	/**
	 * Open (or create) the ledger of a state directory, replaying its journal.
	 * @param dir the state directory
	 * @return the ledger
	 * @throws IOException when the directory cannot be used, or another process holds it
	 */
	public static Ledger open(Path dir) throws IOException {
		Files.createDirectories(dir);
		FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = lockChannel.tryLock();
		}
		catch (java.nio.channels.OverlappingFileLockException ex) {
			lock = null;
		}
		if (lock == null) {
			lockChannel.close();
			throw new IOException("The ledger in " + dir + " is in use by another process: two collectors on one "
					+ "state directory would hand files off twice");
		}
		Ledger ledger = new Ledger(dir, lockChannel, lock);
		ledger.replay();
		return ledger;
	}

	private void replay() throws IOException {
		Path file = this.dir.resolve(JOURNAL);
		this.journal = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE);
		byte[] all = Files.readAllBytes(file);
		int good = 0;
		int start = 0;
		for (int i = 0; i < all.length; i++) {
			if (all[i] != '\n') {
				continue;
			}
			Entry entry = JournalLine.decode(new String(all, start, i - start, StandardCharsets.UTF_8));
			if (entry == null) {
				break;
			}
			remember(entry);
			this.lines++;
			start = i + 1;
			good = start;
		}
		if (good < all.length) {
			// Only the last transition can be torn (each put is forced before the next
			// starts).
			logger.warn("Ledger " + file + ": dropped a torn last record (" + (all.length - good)
					+ " bytes) left by a crash; its step had not started");
			this.journal.truncate(good);
			this.journal.force(true);
		}
		this.journal.position(good);
		if (this.lines > 2L * this.entries.size() + 1000) {
			compact();
		}
	}

	/**
	 * Record a transition, durably, before returning.
	 * @param entry the entry's new value
	 * @throws IOException when it cannot be made durable (disk full): the transition did
	 * not happen
	 */
	public synchronized void put(Entry entry) throws IOException {
		putAll(List.of(entry));
	}

	/**
	 * Record several transitions with one forced write (a burst of new files).
	 * @param batch the entries' new values
	 * @throws IOException when they cannot be made durable: none of them happened
	 */
	public synchronized void putAll(Collection<Entry> batch) throws IOException {
		if (batch.isEmpty()) {
			return;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (Entry entry : batch) {
			bytes.writeBytes(JournalLine.encode(entry));
		}
		long position = this.journal.position();
		try {
			ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
			while (buffer.hasRemaining()) {
				this.journal.write(buffer);
			}
			this.journal.force(false);
		}
		catch (IOException ex) {
			// Leave no half-written record for the next put to append after.
			try {
				this.journal.truncate(position);
				this.journal.position(position);
			}
			catch (IOException ignored) {
				// replay drops a torn tail anyway
			}
			throw ex;
		}
		for (Entry entry : batch) {
			remember(entry);
		}
		this.lines += batch.size();
		if (this.lines > 4L * this.entries.size() + 10_000) {
			compact();
		}
	}

	private void remember(Entry entry) {
		this.entries.remove(entry.id());
		this.entries.put(entry.id(), entry);
		String inode = entry.device() + ":" + entry.inode();
		Entry newest = this.entries.get(this.inodes.get(inode));
		if (newest == null || newest.id().equals(entry.id()) || entry.discoveredAt() >= newest.discoveredAt()) {
			this.inodes.put(inode, entry.id());
		}
	}

	public synchronized Optional<Entry> get(String id) {
		return Optional.ofNullable(this.entries.get(id));
	}

	/**
	 * The newest entry for a device and inode.
	 * @param device device
	 * @param inode inode
	 * @return the entry, if any
	 */
	public synchronized Optional<Entry> byInode(long device, long inode) {
		String id = this.inodes.get(device + ":" + inode);
		return Optional.ofNullable((id != null) ? this.entries.get(id) : null);
	}

	public synchronized List<Entry> all() {
		return new ArrayList<>(this.entries.values());
	}

	/**
	 * Forget entries (DONE ones whose file is long gone), durably at the next rewrite.
	 * @param ids the ids
	 * @throws IOException when the rewrite fails
	 */
	public synchronized void forget(Collection<String> ids) throws IOException {
		if (ids.isEmpty()) {
			return;
		}
		ids.forEach(this.entries::remove);
		this.inodes.values().removeIf((id) -> !this.entries.containsKey(id));
		compact();
	}

	private void compact() throws IOException {
		Path temp = this.dir.resolve(JOURNAL + ".tmp");
		try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
				StandardOpenOption.WRITE)) {
			for (Entry entry : this.entries.values()) {
				ByteBuffer buffer = ByteBuffer.wrap(JournalLine.encode(entry));
				while (buffer.hasRemaining()) {
					out.write(buffer);
				}
			}
			out.force(true);
		}
		try {
			Files.move(temp, this.dir.resolve(JOURNAL), StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temp, this.dir.resolve(JOURNAL), StandardCopyOption.REPLACE_EXISTING);
		}
		forceDirectory(this.dir);
		this.journal.close();
		this.journal = FileChannel.open(this.dir.resolve(JOURNAL), StandardOpenOption.READ, StandardOpenOption.WRITE);
		this.journal.position(this.journal.size());
		this.lines = this.entries.size();
	}

	/** The rename is durable only once the directory itself is forced. */
	static void forceDirectory(Path dir) {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some filesystems refuse to open a directory; the rename is then as durable
			// as they make it.
		}
	}

	@Override
	public synchronized void close() throws IOException {
		try {
			this.journal.close();
		}
		finally {
			this.lock.release();
			this.lockChannel.close();
		}
	}

}
