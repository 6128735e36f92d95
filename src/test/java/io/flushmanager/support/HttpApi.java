package io.flushmanager.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain HTTP client for one port of the running service ({@code java.net.http}, so that
 * what the tests see is exactly what curl sees: no Spring test client converting or
 * retrying anything).
 */
public final class HttpApi {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final int port;

	private final String base;

	public HttpApi(int port) {
		this.port = port;
		this.base = "http://127.0.0.1:" + port;
	}

	/**
	 * Send a request line and headers as written, for what {@link URI} refuses to build
	 * (such as a broken percent-encoding that curl would send as it is).
	 * @param method the method
	 * @param target the request target, sent unchanged
	 * @return the status code and the body
	 */
	public HttpAnswer raw(String method, String target) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			String request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return parse(response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + target, ex);
		}
	}

	/**
	 * Send a request with a body of {@code bytes} bytes written as fast as the server
	 * takes them, as curl does with {@code --data-binary @file}, and read the answer it
	 * gives, even before the body is sent.
	 * @param method the method
	 * @param path the request target
	 * @param bytes the body's size
	 * @param chunked {@code Transfer-Encoding: chunked} instead of a
	 * {@code Content-Length}
	 * @return the answer
	 */
	public HttpAnswer upload(String method, String path, long bytes, boolean chunked) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
					+ "Content-Type: text/plain\r\n"
					+ (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + bytes + "\r\n") + "\r\n";
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			Thread writer = new Thread(() -> writeBody(out, bytes, chunked), "upload-body");
			writer.setDaemon(true);
			writer.start();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			try {
				int n;
				while ((n = socket.getInputStream().read(buffer)) != -1) {
					response.write(buffer, 0, n);
				}
			}
			catch (SocketException ex) {
				// A server that answers before reading the whole body may reset the
				// connection after its answer.
				if (response.size() == 0) {
					throw ex;
				}
			}
			return parse(response.toString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path, ex);
		}
	}

	private static void writeBody(OutputStream out, long bytes, boolean chunked) {
		byte[] chunk = new byte[8192];
		java.util.Arrays.fill(chunk, (byte) 'x');
		try {
			for (long left = bytes; left > 0; left -= chunk.length) {
				int n = (int) Math.min(left, chunk.length);
				if (chunked) {
					out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
				}
				out.write(chunk, 0, n);
				if (chunked) {
					out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
				}
			}
			if (chunked) {
				out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
			out.flush();
		}
		catch (IOException ex) {
			// The server stopped reading: its answer says why.
		}
	}

	private static HttpAnswer parse(String response) {
		int status = Integer.parseInt(response.substring(9, 12));
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		int end = response.indexOf("\r\n\r\n");
		for (String line : response.substring(0, end).split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.computeIfAbsent(line.substring(0, colon).trim(), (key) -> new ArrayList<>())
					.add(line.substring(colon + 1).trim());
			}
		}
		String body = response.substring(end + 4);
		if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
			body = dechunk(body);
		}
		return new HttpAnswer(status, HttpHeaders.of(headers, (name, value) -> true), body);
	}

	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int lineEnd = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
			if (size == 0) {
				return body.toString();
			}
			body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
	}

	public HttpAnswer get(String path, String... headers) {
		return send("GET", path, BodyPublishers.noBody(), headers);
	}

	public HttpAnswer post(String path, String... headers) {
		return send("POST", path, BodyPublishers.noBody(), headers);
	}

	/**
	 * Send a request.
	 * @param method the method
	 * @param path path and query, already encoded
	 * @param body the body
	 * @param headers alternating names and values
	 * @return the answer
	 */
	public HttpAnswer send(String method, String path, BodyPublisher body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(TIMEOUT)
			.method(method, body);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			var response = this.client.send(request.build(), BodyHandlers.ofString());
			return new HttpAnswer(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
