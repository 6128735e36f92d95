package io.flushmanager.reload.stage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.sun.net.httpserver.HttpServer;
import sun.misc.Signal;

/**
 * A real child for the transaction tests, run in a JVM of its own: reads its config file
 * (argument 1) and, when the content is good, serves {@code GET /health} (200) and
 * {@code POST /-/reload} on the port (argument 2) and prints {@code ready}. Content with
 * the word {@code bad} is refused: nothing listens. Re-reads on SIGHUP and on the
 * webhook. Every read appends {@code <pid> <event> <content>} to the record file
 * (argument 3).
 */
public final class HealthChild {

	private static HttpServer server;

	private HealthChild() {
	}

	public static void main(String[] args) throws Exception {
		Path conf = Path.of(args[0]);
		int port = Integer.parseInt(args[1]);
		Path record = Path.of(args[2]);
		Signal.handle(new Signal("HUP"), (signal) -> read(conf, port, record, "HUP"));
		Signal.handle(new Signal("TERM"), (signal) -> System.exit(0));
		read(conf, port, record, "START");
		Thread.currentThread().join();
	}

	private static synchronized void read(Path conf, int port, Path record, String event) {
		try {
			String content = Files.readString(conf).strip();
			Files.writeString(record, ProcessHandle.current().pid() + " " + event + " " + content + "\n",
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			if (server != null) {
				server.stop(0);
				server = null;
			}
			if (content.contains("bad")) {
				System.out.println("health child refuses its config");
				return;
			}
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
			server.createContext("/health", (exchange) -> {
				byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.createContext("/-/reload", (exchange) -> {
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
				new Thread(() -> read(conf, port, record, "HTTP")).start();
			});
			server.start();
			System.out.println("health child ready on " + port);
		}
		catch (IOException ex) {
			System.out.println("health child cannot serve: " + ex);
		}
	}

}
