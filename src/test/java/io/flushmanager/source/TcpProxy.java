package io.flushmanager.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on a fixed loopback port in front of a mock API server: {@link #cut()}
 * makes the API unreachable as a network outage would (listener closed, every connection
 * reset), {@link #restore(int)} brings it back, possibly in front of another server.
 */
final class TcpProxy implements AutoCloseable {

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final int port;

	private volatile int target;

	private volatile ServerSocket listener;

	TcpProxy(int target) throws IOException {
		this.target = target;
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.port = this.listener.getLocalPort();
		accept(this.listener);
	}

	int port() {
		return this.port;
	}

	String url() {
		return "http://localhost:" + this.port + "/";
	}

	void cut() throws IOException {
		this.listener.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	void restore(int target) throws IOException {
		this.target = target;
		ServerSocket listener = new ServerSocket();
		listener.setReuseAddress(true);
		listener.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
		this.listener = listener;
		accept(listener);
	}

	private void accept(ServerSocket listener) {
		Thread thread = new Thread(() -> {
			while (!listener.isClosed()) {
				try {
					Socket client = listener.accept();
					Socket server = new Socket(InetAddress.getLoopbackAddress(), this.target);
					this.sockets.add(client);
					this.sockets.add(server);
					pump(client, server);
					pump(server, client);
				}
				catch (IOException ex) {
					// Closed by cut(), or the server is not there: the client sees a
					// reset.
				}
			}
		}, "tcp-proxy-accept");
		thread.setDaemon(true);
		thread.start();
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// One side closed.
			}
			finally {
				try {
					from.close();
					to.close();
				}
				catch (IOException ex) {
					// Nothing more to do.
				}
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() throws IOException {
		cut();
	}

}
