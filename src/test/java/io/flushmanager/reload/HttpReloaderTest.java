package io.flushmanager.reload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.flushmanager.support.LogCapture;
import io.flushmanager.watch.ChangeAction;
import io.flushmanager.watch.ChangeOutcome;
import io.flushmanager.watch.ConfirmedChange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook strategy against a real HTTP server: 2xx is success, other answers are
 * retried; a webhook that does not answer, a closed port and a server that closes every
 * connection end as they should with the client that writes on the calling thread.
 */
class HttpReloaderTest {

	private HttpServer server;

	private final AtomicInteger calls = new AtomicInteger();

	private volatile int failFirst;

	private final CountDownLatch release = new CountDownLatch(1);

	private final ExecutorService handlers = Executors.newCachedThreadPool();

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/-/reload", (exchange) -> {
			int call = this.calls.incrementAndGet();
			int status = exchange.getRequestMethod().equals("POST") ? ((call <= this.failFirst) ? 503 : 204) : 405;
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.server.createContext("/-/silent", (exchange) -> {
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		this.server.createContext("/-/close", (exchange) -> {
			this.calls.incrementAndGet();
			exchange.getResponseHeaders().set("Connection", "close");
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.server.setExecutor(this.handlers);
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		this.server.stop(0);
		this.handlers.shutdownNow();
	}

	@Test
	void succeedsOn2xx() {
		assertThat(reloader(3).reload(change()).succeeded()).isTrue();
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void retriesUntilSuccess() {
		this.failFirst = 2;
		assertThat(reloader(3).reload(change()).succeeded()).isTrue();
		assertThat(this.calls).hasValue(3);
	}

	@Test
	void failsWhenRetriesAreUsedUp() {
		this.failFirst = 10;
		ChangeOutcome outcome = reloader(1).reload(change());
		assertThat(outcome.action()).isEqualTo(ChangeAction.RELOAD_FAILED);
		assertThat(outcome.cause()).isEqualTo("webhook answered 503 after 2 attempts");
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void aWebhookThatDoesNotAnswerFailsAfterTheTimeout() {
		HttpReloader reloader = new HttpReloader(url("/-/silent"), "POST", Duration.ofMillis(300), 0);
		long start = System.nanoTime();
		ChangeOutcome outcome = reloader.reload(change());
		assertThat(outcome.action()).isEqualTo(ChangeAction.RELOAD_FAILED);
		assertThat(outcome.cause()).isEqualTo("webhook failed: HttpTimeoutException after 1 attempt");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300))
			.isLessThan(Duration.ofSeconds(20));
	}

	@Test
	void aClosedPortFailsEveryAttempt() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		HttpReloader reloader = new HttpReloader(URI.create("http://127.0.0.1:" + port + "/-/reload"), "POST",
				Duration.ofSeconds(5), 1);
		try (LogCapture log = LogCapture.of(HttpReloader.class)) {
			ChangeOutcome outcome = reloader.reload(change());
			assertThat(outcome.action()).isEqualTo(ChangeAction.RELOAD_FAILED);
			assertThat(outcome.cause()).isEqualTo("webhook failed: ConnectException after 2 attempts");
			// The JDK's client gives no message for a refused connection: the line names
			// the kind.
			assertThat(log.lines()).filteredOn((line) -> line.contains("failed"))
				.hasSize(2)
				.allSatisfy((line) -> assertThat(line).contains("failed: ConnectException").doesNotContain("null"));
		}
	}

	@Test
	void aServerClosingEveryConnectionStillGetsEveryReload() {
		HttpReloader reloader = new HttpReloader(url("/-/close"), "POST", Duration.ofSeconds(5), 0);
		for (int i = 0; i < 5; i++) {
			assertThat(reloader.reload(change()).succeeded()).isTrue();
		}
		assertThat(this.calls).hasValue(5);
	}

	private HttpReloader reloader(int retries) {
		return new HttpReloader(url("/-/reload"), "POST", Duration.ofSeconds(5), retries);
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path);
	}

	private static ConfirmedChange change() {
		return new ConfirmedChange(List.of(), 0);
	}

}
