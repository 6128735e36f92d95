package io.flushmanager.reload;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * Reading an HTTP/1.1 answer byte by byte against one deadline, for
 * {@link PlainHttpCall}: every read waits at most until the deadline, and no line, header
 * count or body can keep the caller past it however the server behaves.
 */
final class HttpWire {

	private static final int MAX_LINE = 8192;

	private HttpWire() {
	}

	static int read(InputStream in, Socket socket, long deadline) throws IOException {
		socket.setSoTimeout(remainingMillis(deadline));
		try {
			return in.read();
		}
		catch (SocketTimeoutException ex) {
			throw new HttpTimeoutException("request timed out");
		}
	}

	static String line(InputStream in, Socket socket, long deadline) throws IOException {
		StringBuilder line = new StringBuilder();
		while (true) {
			int b = read(in, socket, deadline);
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

	static void skip(InputStream in, Socket socket, long deadline, long length) throws IOException {
		for (long left = length; left > 0; left--) {
			if (read(in, socket, deadline) == -1) {
				throw new IOException("connection closed in the middle of the answer");
			}
		}
	}

	static void skipChunks(InputStream in, Socket socket, long deadline) throws IOException {
		while (true) {
			String size = line(in, socket, deadline);
			int extension = size.indexOf(';');
			long length = parseLength(((extension >= 0) ? size.substring(0, extension) : size).trim(), 16);
			if (length == 0) {
				// Trailers, up to the empty line.
				while (!line(in, socket, deadline).isEmpty()) {
				}
				return;
			}
			skip(in, socket, deadline, length);
			line(in, socket, deadline);
		}
	}

	static int status(String statusLine) throws IOException {
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

	static long parseLength(String value) throws IOException {
		return parseLength(value, 10);
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
