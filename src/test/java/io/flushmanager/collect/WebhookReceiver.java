package io.flushmanager.collect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/** A webhook endpoint that records each call's {@code X-FM-Id} and body. */
final class WebhookReceiver implements AutoCloseable {

	record Call(String id, String body) {

	}

	private final HttpServer server;

	final List<Call> calls = new CopyOnWriteArrayList<>();

	WebhookReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/hook", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes());
			this.calls.add(new Call(exchange.getRequestHeaders().getFirst("X-FM-Id"), body));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook";
	}

	long count(String id) {
		return this.calls.stream().filter((call) -> id.equals(call.id())).count();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
