package io.flushmanager.watch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.config.Durations;

/**
 * Hashes the content of watched files on a small pool of daemon threads, so that no file
 * can hold the checking thread longer than the read timeout. A read that takes longer is
 * abandoned: its thread is left to finish on its own (a FIFO that got a writer, a network
 * mount that came back) and holds no lock, and the same file is not read again until it
 * has, so a hung file costs one thread, not one per poll.
 * <p>
 * The caller has already seen a regular file by stat. The file is opened by path, so it
 * can have been swapped in between: after the open the path must still name the same
 * device and inode, and the read stops one byte past the size cap whatever the file
 * turned into.
 */
public class ContentReader implements AutoCloseable {

	/**
	 * Two checking threads (events, polling) at most read at a time; the rest is room for
	 * stuck reads.
	 */
	static final int MAX_THREADS = 4;

	private static final Log logger = LogFactory.getLog(ContentReader.class);

	private static final int BUFFER_SIZE = 64 * 1024;

	private final long timeoutNanos;

	private final String timeoutText;

	private final ThreadPoolExecutor executor;

	/**
	 * Reads abandoned after the timeout and not finished yet, by the file (device and
	 * inode) they read.
	 */
	private final Map<FileKey, Long> abandoned = new ConcurrentHashMap<>();

	public ContentReader(Duration timeout, ThreadFactory threadFactory) {
		this.timeoutNanos = timeout.toNanos();
		this.timeoutText = "read timed out after " + Durations.format(timeout)
				+ " (flush-manager.watch.read-timeout); the file is not read again until that read returns";
		// No queue: a read that cannot get a thread now fails now rather than waiting
		// behind stuck ones.
		this.executor = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				threadFactory);
	}

	/**
	 * Hash a file's content, giving up after the read timeout.
	 * @param path the path to read
	 * @param device the device the caller's stat saw
	 * @param inode the inode the caller's stat saw
	 * @param maxBytes the size cap
	 * @return the outcome, never {@code null}
	 */
	public Content read(Path path, long device, long inode, long maxBytes) {
		FileKey key = new FileKey(device, inode);
		if (this.abandoned.containsKey(key)) {
			return Content.failed(this.timeoutText);
		}
		Future<Content> future;
		Read read = new Read(path, key, maxBytes);
		try {
			future = this.executor.submit(read);
		}
		catch (RejectedExecutionException ex) {
			return Content.failed(this.executor.isShutdown() ? "not read: the watcher is stopping" : "not read: all "
					+ MAX_THREADS + " reader threads are held by earlier reads that have not returned");
		}
		try {
			return future.get(this.timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			synchronized (read) {
				if (!read.done) {
					this.abandoned.put(key, System.nanoTime());
				}
			}
			// Frees a read blocked inside the channel (closing it wakes the thread); an
			// open() blocked on a
			// FIFO or a read in a hung mount cannot be woken and finishes when the kernel
			// lets it.
			future.cancel(true);
			logger.warn("Reading config file " + path + " did not finish within "
					+ Durations.format(Duration.ofNanos(this.timeoutNanos))
					+ "; abandoned the read (its thread is a daemon and holds no lock)");
			return Content.failed(this.timeoutText);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(true);
			return Content.failed("not read: interrupted");
		}
		catch (ExecutionException ex) {
			return Content.failed(SnapshotReader.describe(ex.getCause()));
		}
	}

	/**
	 * How many abandoned reads have not returned yet.
	 * @return the count
	 */
	public int stuck() {
		return this.abandoned.size();
	}

	/**
	 * Stop taking reads; never waits for reads in progress, which may never return.
	 */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private final class Read implements Callable<Content> {

		private final Path path;

		private final FileKey key;

		private final long maxBytes;

		private boolean done;

		Read(Path path, FileKey key, long maxBytes) {
			this.path = path;
			this.key = key;
			this.maxBytes = maxBytes;
		}

		@Override
		public Content call() throws IOException {
			try {
				return hash(this.path, this.key, this.maxBytes);
			}
			finally {
				synchronized (this) {
					this.done = true;
					ContentReader.this.abandoned.remove(this.key);
				}
			}
		}

	}

	private static Content hash(Path path, FileKey expected, long maxBytes) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		try (FileChannel channel = open(path)) {
			if (channel == null) {
				return Content.GONE;
			}
			// Java has no fstat: the path is stat'ed again now that the file is open.
			// Swapped and swapped
			// back in between is not caught, but the size cap still bounds the read.
			Map<String, Object> now = Files.readAttributes(path, "unix:dev,ino");
			if (!expected.equals(new FileKey((Long) now.get("dev"), (Long) now.get("ino")))) {
				return Content.SWAPPED;
			}
			ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
			long total = 0;
			int read;
			while ((read = channel.read(buffer.clear())) != -1) {
				total += read;
				if (total > maxBytes) {
					return Content.TOO_LARGE;
				}
				digest.update(buffer.flip());
			}
		}
		return new Content(HexFormat.of().formatHex(digest.digest()), null, false);
	}

	private static @Nullable FileChannel open(Path path) throws IOException {
		try {
			return FileChannel.open(path, StandardOpenOption.READ);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	/**
	 * The outcome of a read.
	 *
	 * @param sha256 the content hash, or {@code null}
	 * @param error why there is none, or {@code null}
	 * @param retry whether the path named another file by the time it was open (read
	 * again)
	 */
	public record Content(@Nullable String sha256, @Nullable String error, boolean retry) {

		static final Content SWAPPED = new Content(null, "replaced while being read", true);

		static final Content GONE = new Content(null, "gone while being read", true);

		/** Grew past the cap while being read; the caller's stat decides what to say. */
		static final Content TOO_LARGE = new Content(null, "too large", true);

		static Content failed(String error) {
			return new Content(null, Objects.requireNonNull(error), false);
		}

	}

	private record FileKey(long device, long inode) {

	}

}
