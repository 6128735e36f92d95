package io.flushmanager.reload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.flushmanager.watch.ChangeAction;
import io.flushmanager.watch.ChangeOutcome;
import io.flushmanager.watch.ConfirmedChange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook strategy against a real HTTP server: 2xx is success, other answers are
 * retried.
 */
class HttpReloaderTest {

	private HttpServer server;

	private final AtomicInteger calls = new AtomicInteger();

	private volatile int failFirst;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/-/reload", (exchange) -> {
			int call = this.calls.incrementAndGet();
			int status = exchange.getRequestMethod().equals("POST") ? ((call <= this.failFirst) ? 503 : 204) : 405;
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
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

	private HttpReloader reloader(int retries) {
		URI url = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/-/reload");
		return new HttpReloader(url, "POST", Duration.ofSeconds(5), retries);
	}

	private static ConfirmedChange change() {
		return new ConfirmedChange(List.of(), 0);
	}

}
