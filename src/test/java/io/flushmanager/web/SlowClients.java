package io.flushmanager.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A few hundred hostile HTTP clients on loopback, each holding one connection to the
 * service: they send a request's start and then trickle the rest a byte at a time, or
 * never read the answer. One thread trickles for all of them; {@link #close()} ends every
 * connection.
 */
final class SlowClients implements AutoCloseable {

	/** What the clients do. */
	enum Kind {

		/**
		 * POSTs that declare or chunk a body and trickle it: half chunked, half a 1 MB
		 * form.
		 */
		SLOW_BODY,
		/**
		 * 20 pipelined {@code GET /actuator/prometheus} with a tiny receive buffer, never
		 * read.
		 */
		SLOW_READ,
		/** A request line, then one header byte at a time (slowloris). */
		SLOW_HEADERS

	}

	private static final long TRICKLE_MILLIS = 500;

	private final List<Client> clients;

	private final Thread trickler;

	private volatile boolean closed;

	private SlowClients(List<Client> clients) {
		this.clients = clients;
		this.trickler = new Thread(this::trickle, "slow-clients");
		this.trickler.setDaemon(true);
		this.trickler.start();
	}

	/**
	 * Connect the clients and send the start of their requests.
	 * @param port the service's port on loopback
	 * @param kind what they do
	 * @param count how many
	 * @return the clients, connected
	 * @throws IOException when a connection cannot be made
	 */
	static SlowClients open(int port, Kind kind, int count) throws IOException {
		List<Client> clients = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				SocketChannel channel = SocketChannel.open();
				boolean chunked = (i % 2 == 0);
				clients.add(new Client(channel, trickle(kind, chunked)));
				if (kind == Kind.SLOW_READ) {
					channel.setOption(StandardSocketOptions.SO_RCVBUF, 1024);
				}
				channel.connect(new InetSocketAddress("127.0.0.1", port));
				write(channel, head(kind, chunked));
				channel.configureBlocking(false);
			}
		}
		catch (IOException ex) {
			clients.forEach(Client::close);
			throw ex;
		}
		return new SlowClients(clients);
	}

	private static String head(Kind kind, boolean chunked) {
		return switch (kind) {
			case SLOW_BODY -> chunked
					? "POST /api/child/restart HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
							+ "Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n"
					: "POST /actuator/restart HTTP/1.1\r\nHost: 127.0.0.1\r\n"
							+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000\r\n\r\nx=";
			case SLOW_READ -> "GET /actuator/prometheus HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(20);
			case SLOW_HEADERS -> "GET /api/watch HTTP/1.1\r\nHost: 127.0.0.1\r\n";
		};
	}

	/** What a client sends every tick; a slow reader sends nothing more. */
	private static byte[] trickle(Kind kind, boolean chunked) {
		String text = switch (kind) {
			case SLOW_BODY -> chunked ? "1\r\nx\r\n" : "x";
			case SLOW_READ -> "";
			case SLOW_HEADERS -> "X";
		};
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static void write(SocketChannel channel, String text) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	private void trickle() {
		while (!this.closed) {
			for (Client client : this.clients) {
				try {
					client.channel().write(ByteBuffer.wrap(client.trickle()));
				}
				catch (IOException ex) {
					// The server closed this one: it holds nothing any more.
				}
			}
			try {
				// The slowness is the point: a byte per client every TRICKLE_MILLIS.
				Thread.sleep(TRICKLE_MILLIS);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/**
	 * Whether the server has begun to answer every client, which for slow readers means
	 * it has handed the answer to the kernel. Reads at most one byte per client, which
	 * leaves the window closed.
	 * @return {@code true} once every client saw its first byte
	 */
	boolean allAnswered() {
		for (Client client : this.clients) {
			if (!client.answered) {
				try {
					client.answered = client.channel().read(ByteBuffer.allocate(1)) != 0;
				}
				catch (IOException ex) {
					client.answered = true;
				}
			}
		}
		return this.clients.stream().allMatch((client) -> client.answered);
	}

	@Override
	public void close() {
		this.closed = true;
		this.trickler.interrupt();
		this.clients.forEach(Client::close);
	}

	private static final class Client {

		private final SocketChannel channel;

		private final byte[] trickle;

		private boolean answered;

		Client(SocketChannel channel, byte[] trickle) {
			this.channel = channel;
			this.trickle = trickle;
		}

		SocketChannel channel() {
			return this.channel;
		}

		byte[] trickle() {
			return this.trickle;
		}

		void close() {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// nothing to do
			}
		}

	}

}
