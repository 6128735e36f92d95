package io.flushmanager.child;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads one of the child's output streams on a thread of its own until EOF and hands each
 * line to an {@link OutputSink}. It never stops reading, so the child never blocks on a
 * full pipe; a line longer than {@link #MAX_LINE} bytes is passed on in pieces, so a
 * stream without newlines cannot exhaust memory. In passthrough mode it copies the bytes
 * unchanged to another stream instead (the service's own stdout or stderr) and splits
 * only the first line, which is how a launcher's exec failure is recognised.
 */
final class OutputPump implements Runnable {

	/** Longest line handed on in one piece, in bytes. */
	static final int MAX_LINE = 8192;

	private static final Log logger = LogFactory.getLog(OutputPump.class);

	/**
	 * The pumps' threads, kept a minute once idle: a restart reuses the last child's two
	 * instead of starting new ones, which costs the supervisor's thread a few
	 * milliseconds on a busy machine.
	 */
	private static final ExecutorService THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
			new SynchronousQueue<>(), (task) -> {
				Thread thread = new Thread(task, "fm-child-output");
				thread.setDaemon(true);
				return thread;
			});

	private final InputStream in;

	private final long pid;

	private final OutputSink.Stream stream;

	private final OutputSink sink;

	private final @Nullable OutputStream copy;

	/**
	 * In passthrough, who also gets the lines (the copy is split into lines for it
	 * alone).
	 */
	private final @Nullable OutputTap tap;

	private boolean copyFailed;

	private final byte[] line = new byte[MAX_LINE];

	private int length;

	private volatile @Nullable String firstLine;

	private volatile boolean started;

	private final CountDownLatch done = new CountDownLatch(1);

	OutputPump(InputStream in, long pid, OutputSink.Stream stream, OutputSink sink) {
		this(in, pid, stream, sink, null);
	}

	/**
	 * A pump that copies the bytes as read to {@code copy} (when not {@code null})
	 * instead of passing lines to the sink.
	 */
	OutputPump(InputStream in, long pid, OutputSink.Stream stream, OutputSink sink, @Nullable OutputStream copy) {
		this(in, pid, stream, sink, copy, null);
	}

	OutputPump(InputStream in, long pid, OutputSink.Stream stream, OutputSink sink, @Nullable OutputStream copy,
			@Nullable OutputTap tap) {
		this.tap = tap;
		this.in = in;
		this.pid = pid;
		this.stream = stream;
		this.sink = sink;
		this.copy = copy;
	}

	/**
	 * Start pumping on a daemon thread, named {@code name} while it pumps.
	 * @param name the thread's name
	 * @return this pump
	 */
	OutputPump start(String name) {
		this.started = true;
		THREADS.execute(() -> {
			Thread thread = Thread.currentThread();
			String idle = thread.getName();
			thread.setName(name);
			try {
				run();
			}
			finally {
				thread.setName(idle);
				this.done.countDown();
			}
		});
		return this;
	}

	/**
	 * Wait for the pump to reach EOF and hand on the last line.
	 * @param timeout how long to wait at most
	 * @return {@code true} if it finished
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean await(Duration timeout) throws InterruptedException {
		if (!this.started) {
			return true;
		}
		return this.done.await(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
	}

	/**
	 * The first line read, used to recognise a launcher's own error message.
	 * @return the first line, or {@code null} if none yet
	 */
	@Nullable String firstLine() {
		return this.firstLine;
	}

	@Override
	public void run() {
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = this.in) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				if (this.copy != null) {
					copy(buffer, read);
				}
				else {
					accept(buffer, read);
				}
			}
		}
		catch (IOException ex) {
			// The stream was closed under us (the JVM closes it when the process object
			// is destroyed).
			logger.debug("Output of child process " + this.pid + " ended: " + ex.getMessage());
		}
		if (this.length > 0 && (this.copy == null || this.firstLine == null || this.tap != null)) {
			emit(this.length, true);
		}
	}

	private void copy(byte[] buffer, int count) {
		if (this.firstLine == null || this.tap != null) {
			accept(buffer, count);
		}
		if (this.copyFailed) {
			// Keep reading and drop: a child blocked on a full pipe would be worse than
			// lost output.
			return;
		}
		try {
			this.copy.write(buffer, 0, count);
			this.copy.flush();
		}
		catch (IOException ex) {
			this.copyFailed = true;
			logger.warn("Cannot copy the " + this.stream.name().toLowerCase() + " of child process " + this.pid
					+ " any more (" + ex.getMessage() + "); its output is dropped from now on");
		}
	}

	private void accept(byte[] buffer, int count) {
		int start = 0;
		for (int i = 0; i < count; i++) {
			if (buffer[i] == '\n') {
				append(buffer, start, i - start);
				emit(this.length, true);
				start = i + 1;
			}
		}
		append(buffer, start, count - start);
	}

	private void append(byte[] buffer, int offset, int count) {
		while (count > 0) {
			int room = MAX_LINE - this.length;
			if (room == 0) {
				emit(splitPoint(), false);
				continue;
			}
			int n = Math.min(room, count);
			System.arraycopy(buffer, offset, this.line, this.length, n);
			this.length += n;
			offset += n;
			count -= n;
		}
	}

	/**
	 * Where to cut a full line so that a multi-byte UTF-8 character is not split in two.
	 */
	private int splitPoint() {
		int lead = this.length - 1;
		while (lead > this.length - 4 && lead > 0 && (this.line[lead] & 0xC0) == 0x80) {
			lead--;
		}
		int b = this.line[lead] & 0xFF;
		int size = (b >= 0xF0) ? 4 : (b >= 0xE0) ? 3 : (b >= 0xC0) ? 2 : 1;
		return (lead + size > this.length && lead > 0) ? lead : this.length;
	}

	/** Hand on the first {@code count} bytes of the line buffer and keep the rest. */
	private void emit(int count, boolean endOfLine) {
		int end = count;
		if (endOfLine && end > 0 && this.line[end - 1] == '\r') {
			end--;
		}
		String text = new String(this.line, 0, end, StandardCharsets.UTF_8);
		System.arraycopy(this.line, count, this.line, 0, this.length - count);
		this.length -= count;
		if (this.firstLine == null) {
			this.firstLine = text;
		}
		try {
			if (this.copy == null) {
				this.sink.line(this.pid, this.stream, text);
			}
			else if (this.tap != null) {
				// Passthrough: the bytes went out already; the line is split for the tap
				// (and firstLine()).
				this.tap.line(this.pid, this.stream, text);
			}
		}
		catch (RuntimeException ex) {
			// Keep reading whatever happens downstream: a pump that stops would block the
			// child.
			logger.warn("Could not pass on a line of child process " + this.pid + ": " + ex);
		}
	}

}
