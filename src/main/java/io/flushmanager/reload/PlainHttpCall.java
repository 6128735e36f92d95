package io.flushmanager.reload;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One bodiless HTTP/1.1 request to a plain {@code http} webhook on a kept-alive socket,
 * written and read on the calling thread. The JDK {@code HttpClient} spends about half a
 * millisecond per call in its own machinery before the request reaches the wire (more on
 * a busy machine; docs/bench.md, "Hot paths"), on a path whose whole budget is 2 ms. Only
 * the status matters; the body is read (to keep the connection) and dropped. A reused
 * connection that the server closed meanwhile is retried once on a new one, as long as
 * nothing of the answer was read. {@code https} goes through the JDK client.
 */
final class PlainHttpCall implements AutoCloseable {

	private final URI url;

	private final byte[] request;

	private final boolean headRequest;

	private final Duration timeout;

	private @Nullable Socket socket;

	private @Nullable InputStream in;

	PlainHttpCall(URI url, String method, Duration timeout) {
		this.url = url;
		this.timeout = timeout;
		this.headRequest = method.equals("HEAD");
		String path = (url.getRawPath() == null || url.getRawPath().isEmpty()) ? "/" : url.getRawPath();
		String target = (url.getRawQuery() != null) ? path + "?" + url.getRawQuery() : path;
		String host = (url.getPort() != -1) ? url.getHost() + ":" + url.getPort() : url.getHost();
		boolean body = !method.equals("GET") && !method.equals("HEAD");
		this.request = (method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: flush-manager\r\n"
				+ (body ? "Content-Length: 0\r\n" : "") + "\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Whether a URL can be called this way: plain {@code http}, no user info.
	 * @param url the webhook
	 * @return {@code true} if so
	 */
	static boolean supports(URI url) {
		return "http".equalsIgnoreCase(url.getScheme()) && url.getHost() != null && url.getRawUserInfo() == null;
	}

	/**
	 * Send the request and read the answer.
	 * @return the status code
	 * @throws IOException on a connection failure; {@link HttpTimeoutException} when no
	 * answer came within the timeout
	 */
	synchronized int call() throws IOException {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		boolean reused = this.socket != null;
		try {
			try {
				return exchange(deadline);
			}
			catch (StaleConnectionException ex) {
				close();
				if (!reused) {
					throw ex;
				}
			}
			return exchange(deadline);
		}
		catch (StaleConnectionException ex) {
			close();
			throw ex.getCause();
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private int exchange(long deadline) throws IOException {
		Socket socket = this.socket;
		if (socket == null) {
			socket = connect(deadline);
		}
		OutputStream out = socket.getOutputStream();
		try {
			out.write(this.request);
			out.flush();
		}
		catch (IOException ex) {
			throw new StaleConnectionException(ex);
		}
		HttpWire wire = new HttpWire(this.in, socket, deadline);
		int first;
		try {
			first = wire.read();
		}
		catch (HttpTimeoutException ex) {
			throw ex;
		}
		catch (IOException ex) {
			// A reset: the server dropped the idle connection.
			throw new StaleConnectionException(ex);
		}
		if (first == -1) {
			throw new StaleConnectionException(new IOException("connection closed before an answer"));
		}
		HttpWire.Head head = wire.head(first);
		while (head.interim()) {
			// An interim answer (100 Continue): the final one follows.
			first = wire.read();
			if (first == -1) {
				throw new IOException("connection closed after an interim answer");
			}
			head = wire.head(first);
		}
		boolean close = head.close();
		if (!this.headRequest && head.status() != 204 && head.status() != 304) {
			if (head.chunked()) {
				wire.skipChunks();
			}
			else if (head.length() >= 0) {
				wire.skip(head.length());
			}
			else {
				wire.skipToEnd();
				close = true;
			}
		}
		if (close) {
			close();
		}
		return head.status();
	}

	private Socket connect(long deadline) throws IOException {
		// A blocking channel's socket: its reads honour the timeout and, unlike a plain
		// Socket's, end when the thread is interrupted (a debouncer closing mid-call).
		Socket socket = SocketChannel.open().socket();
		try {
			int port = (this.url.getPort() != -1) ? this.url.getPort() : 80;
			socket.setTcpNoDelay(true);
			socket.connect(new InetSocketAddress(this.url.getHost(), port), HttpWire.remainingMillis(deadline));
			this.in = new BufferedInputStream(socket.getInputStream());
		}
		catch (SocketTimeoutException ex) {
			socket.close();
			throw new HttpTimeoutException("connect timed out");
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
		this.socket = socket;
		return socket;
	}

	@Override
	public synchronized void close() {
		Socket socket = this.socket;
		this.socket = null;
		this.in = null;
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Closing anyway.
			}
		}
	}

	/** The request could not be written, or no byte of an answer came back. */
	private static final class StaleConnectionException extends IOException {

		StaleConnectionException(IOException cause) {
			super(cause);
		}

		@Override
		public synchronized IOException getCause() {
			return (IOException) super.getCause();
		}

	}

}
