package io.flushmanager.reload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The plain http call against a raw server socket that answers as scripted: the answer's
 * body read whatever its framing, the connection kept when it may be, and a kept
 * connection the server dropped meanwhile replaced without losing the call.
 */
class PlainHttpCallTest {

	private final List<String> requestLines = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private ServerSocket server;

	private Thread acceptor;

	@AfterEach
	void stop() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void everyFramingOfTheAnswerIsReadAndTheConnectionKept() throws IOException {
		List<String> answers = List.of("HTTP/1.1 204 No Content\r\n\r\n",
				"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
				"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n",
				"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
		serve((n) -> answers.get(n % answers.size()), false);
		try (PlainHttpCall call = new PlainHttpCall(url("/-/reload?a=b"), "POST", Duration.ofSeconds(5))) {
			assertThat(call.call()).isEqualTo(204);
			assertThat(call.call()).isEqualTo(200);
			assertThat(call.call()).isEqualTo(200);
			assertThat(call.call()).isEqualTo(202);
		}
		assertThat(this.connections).hasValue(1);
		assertThat(this.requestLines).containsOnly("POST /-/reload?a=b HTTP/1.1");
	}

	@Test
	void anAnswerEndedByClosingTheConnectionIsReadAndANewOneOpened() throws IOException {
		serve((n) -> "HTTP/1.1 500 Oops\r\n\r\nbody until the end", true);
		try (PlainHttpCall call = new PlainHttpCall(url("/"), "PUT", Duration.ofSeconds(5))) {
			assertThat(call.call()).isEqualTo(500);
			assertThat(call.call()).isEqualTo(500);
		}
		assertThat(this.connections).hasValue(2);
	}

	@Test
	void aKeptConnectionTheServerDroppedIsReplacedOnce() throws IOException {
		// The server answers once per connection and then closes it without saying so.
		serve((n) -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true);
		try (PlainHttpCall call = new PlainHttpCall(url(""), "GET", Duration.ofSeconds(5))) {
			for (int i = 0; i < 3; i++) {
				assertThat(call.call()).isEqualTo(200);
			}
		}
		assertThat(this.connections).hasValue(3);
		assertThat(this.requestLines).containsOnly("GET / HTTP/1.1");
	}

	@Test
	void aTimeoutOrAnInterruptEndsACallToAWebhookThatNeverAnswers() throws Exception {
		List<Socket> held = new CopyOnWriteArrayList<>();
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			try {
				while (true) {
					held.add(this.server.accept());
				}
			}
			catch (IOException ex) {
				// Closed by the test.
			}
		}, "silent-test-server");
		acceptor.setDaemon(true);
		acceptor.start();
		try (PlainHttpCall call = new PlainHttpCall(url("/"), "POST", Duration.ofMillis(300))) {
			assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(call::call);
		}
		try (PlainHttpCall call = new PlainHttpCall(url("/"), "POST", Duration.ofSeconds(60))) {
			CompletableFuture<Throwable> failure = new CompletableFuture<>();
			Thread caller = new Thread(() -> {
				try {
					call.call();
					failure.complete(null);
				}
				catch (Throwable ex) {
					failure.complete(ex);
				}
			});
			caller.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> held.size() == 2);
			caller.interrupt();
			assertThat(failure.get(30, TimeUnit.SECONDS)).isInstanceOf(ClosedByInterruptException.class);
		}
		for (Socket socket : held) {
			socket.close();
		}
	}

	@Test
	@Timeout(30)
	void aServerThatNeverStopsAnsweringCannotHoldTheCallerPastTheTimeout() throws Exception {
		byte[] interim = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
		byte[] endlessBody = ("HTTP/1.1 200 OK\r\nContent-Length: " + Long.MAX_VALUE + "\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		for (byte[] start : List.of(interim, endlessBody)) {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread flooder = new Thread(() -> flood(start, (start == interim) ? interim : new byte[8192]),
					"flooding-test-server");
			flooder.setDaemon(true);
			flooder.start();
			try (PlainHttpCall call = new PlainHttpCall(url("/"), "POST", Duration.ofMillis(500))) {
				long began = System.nanoTime();
				assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(call::call);
				assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
			}
			this.server.close();
		}
	}

	/**
	 * Answer the first request with {@code start}, then write {@code more} until the peer
	 * leaves.
	 */
	private void flood(byte[] start, byte[] more) {
		try (Socket socket = this.server.accept()) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			while (!in.readLine().isEmpty()) {
				// The request line and headers.
			}
			OutputStream out = socket.getOutputStream();
			out.write(start);
			while (true) {
				out.write(more);
			}
		}
		catch (IOException ex) {
			// The caller gave up and closed: what the test waits for.
		}
	}

	@Test
	void onlyPlainHttpWithoutUserInfoIsSupported() {
		assertThat(PlainHttpCall.supports(URI.create("http://127.0.0.1:9/x"))).isTrue();
		assertThat(PlainHttpCall.supports(URI.create("HTTP://localhost/x"))).isTrue();
		assertThat(PlainHttpCall.supports(URI.create("https://127.0.0.1/x"))).isFalse();
		assertThat(PlainHttpCall.supports(URI.create("http://user:pw@127.0.0.1/x"))).isFalse();
	}

	/**
	 * Accept connections one at a time; answer each request with the next scripted
	 * answer; close after each answer when asked to.
	 */
	private void serve(IntFunction<String> answers, boolean closeAfterEach) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		AtomicInteger served = new AtomicInteger();
		this.acceptor = new Thread(() -> {
			while (!this.server.isClosed()) {
				try (Socket socket = this.server.accept()) {
					this.connections.incrementAndGet();
					BufferedReader in = new BufferedReader(
							new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
					OutputStream out = socket.getOutputStream();
					String line;
					while ((line = in.readLine()) != null) {
						this.requestLines.add(line);
						while (!in.readLine().isEmpty()) {
							// Headers; the requests have no body.
						}
						out.write(answers.apply(served.getAndIncrement()).getBytes(StandardCharsets.ISO_8859_1));
						out.flush();
						if (closeAfterEach) {
							break;
						}
					}
				}
				catch (IOException ex) {
					// Closed by the test.
				}
			}
		}, "plain-http-test-server");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.server.getLocalPort() + path);
	}

}
