package io.flushmanager.reload;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * Reading one HTTP/1.1 answer byte by byte against one deadline, for
 * {@link PlainHttpCall}: every read waits at most until the deadline, and no line, header
 * count or body can keep the caller past it however the server behaves.
 */
final class HttpWire {

	private static final int MAX_LINE = 8192;

	private static final int MAX_HEADERS = 100;

	private final InputStream in;

	private final Socket socket;

	private final long deadline;

	HttpWire(InputStream in, Socket socket, long deadline) {
		this.in = in;
		this.socket = socket;
		this.deadline = deadline;
	}

	/** What the status line and the headers of an answer say. */
	record Head(int status, long length, boolean chunked, boolean close) {

		boolean interim() {
			return this.status >= 100 && this.status < 200;
		}

	}

	int read() throws IOException {
		this.socket.setSoTimeout(remainingMillis(this.deadline));
		try {
			return this.in.read();
		}
		catch (SocketTimeoutException ex) {
			throw new HttpTimeoutException("request timed out");
		}
	}

	/**
	 * The status line, whose first byte was read already, and the headers up to the empty
	 * line.
	 */
	Head head(int first) throws IOException {
		String statusLine = (char) first + line();
		int status = status(statusLine);
		boolean close = statusLine.startsWith("HTTP/1.0");
		long length = -1;
		boolean chunked = false;
		for (int i = 0;; i++) {
			String header = line();
			if (header.isEmpty()) {
				return new Head(status, length, chunked, close);
			}
			if (i == MAX_HEADERS) {
				throw new IOException("too many response headers");
			}
			int colon = header.indexOf(':');
			if (colon <= 0) {
				continue;
			}
			String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
			switch (name) {
				case "content-length" -> length = parseLength(value, 10);
				case "transfer-encoding" -> chunked = value.endsWith("chunked");
				case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
				default -> {
				}
			}
		}
	}

	private String line() throws IOException {
		StringBuilder line = new StringBuilder();
		while (true) {
			int b = read();
			if (b == -1) {
				throw new IOException("connection closed in the middle of the answer");
			}
			if (b == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			if (line.length() == MAX_LINE) {
				throw new IOException("response line longer than " + MAX_LINE + " bytes");
			}
			line.append((char) b);
		}
	}

	void skip(long length) throws IOException {
		for (long left = length; left > 0; left--) {
			if (read() == -1) {
				throw new IOException("connection closed in the middle of the answer");
			}
		}
	}

	void skipChunks() throws IOException {
		while (true) {
			String size = line();
			int extension = size.indexOf(';');
			long length = parseLength(((extension >= 0) ? size.substring(0, extension) : size).trim(), 16);
			if (length == 0) {
				// Trailers, up to the empty line.
				while (!line().isEmpty()) {
				}
				return;
			}
			skip(length);
			line();
		}
	}

	/** A body delimited by the end of the connection. */
	void skipToEnd() throws IOException {
		while (read() != -1) {
			this.in.skip(this.in.available());
		}
	}

	private static int status(String statusLine) throws IOException {
		if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
			throw new IOException("not an HTTP/1.x answer");
		}
		try {
			return Integer.parseInt(statusLine.substring(9, 12));
		}
		catch (NumberFormatException ex) {
			throw new IOException("not an HTTP/1.x answer");
		}
	}

	private static long parseLength(String value, int radix) throws IOException {
		try {
			long length = Long.parseLong(value, radix);
			if (length < 0) {
				throw new NumberFormatException();
			}
			return length;
		}
		catch (NumberFormatException ex) {
			throw new IOException("bad length in the answer");
		}
	}

	static int remainingMillis(long deadline) throws HttpTimeoutException {
		long millis = (long) Math.ceil((deadline - System.nanoTime()) / 1e6);
		if (millis <= 0) {
			throw new HttpTimeoutException("request timed out");
		}
		return (int) Math.min(Integer.MAX_VALUE, millis);
	}

}
