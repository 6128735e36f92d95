package io.flushmanager.reload.stage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The checks of {@code reload.verify.*}. None of them reads or logs a response body.
 */
final class Checks {

	/**
	 * One attempt never takes longer than this, so a slow answer is retried rather than
	 * waited out.
	 */
	private static final Duration MAX_ATTEMPT = Duration.ofSeconds(2);

	private Checks() {
	}

	/** {@code verify.http-url} answers 2xx. */
	static Verifier.Check http(HttpClient client, URI url) {
		return new Verifier.Check() {

			@Override
			public String name() {
				return "GET " + url;
			}

			@Override
			public @Nullable String attempt(Duration budget) throws InterruptedException {
				HttpRequest request = HttpRequest.newBuilder(url).timeout(shorter(budget)).GET().build();
				try {
					int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
					return (status >= 200 && status < 300) ? null : name() + " answered " + status;
				}
				catch (IOException ex) {
					return name() + " failed: " + ex.getClass().getSimpleName();
				}
			}

		};
	}

	/** {@code verify.tcp-port} accepts a connection on the loopback. */
	static Verifier.Check tcp(int port) {
		return new Verifier.Check() {

			@Override
			public String name() {
				return "TCP port " + port;
			}

			@Override
			public @Nullable String attempt(Duration budget) {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", port),
							(int) Math.max(1, shorter(budget).toMillis()));
					return null;
				}
				catch (IOException ex) {
					return name() + " refused (" + ex.getClass().getSimpleName() + ")";
				}
			}

		};
	}

	/** A line matching {@code verify.log-pattern} came after the mark. */
	static Verifier.Check log(LogLines lines, long mark) {
		return new Verifier.Check() {

			@Override
			public String name() {
				return "log line /" + lines.pattern() + "/";
			}

			@Override
			public @Nullable String attempt(Duration budget) {
				return lines.matchedSince(mark) ? null : "no " + name() + " yet";
			}

		};
	}

	private static Duration shorter(Duration budget) {
		Duration attempt = (budget.compareTo(MAX_ATTEMPT) < 0) ? budget : MAX_ATTEMPT;
		return attempt.isZero() ? Duration.ofMillis(1) : attempt;
	}

}
