package io.flushmanager.collect;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * npm's s3rver (3.7.1) as a real S3-compatible server for the tests: found through the
 * system property {@code s3rver.bin}, the variable {@code S3RVER_BIN}, or
 * {@code scripts/s3rver/node_modules} (which {@code .ci/run} installs). Missing, the test
 * is skipped, except under {@code CI=true}, where it fails.
 */
final class S3rver implements AutoCloseable {

	static final String BUCKET = "cores";

	private final Path directory;

	private final int port;

	private Process process;

	private S3rver(Path directory, int port) {
		this.directory = directory;
		this.port = port;
	}

	static Path binary() {
		String configured = System.getProperty("s3rver.bin", System.getenv("S3RVER_BIN"));
		Path bin = (configured != null) ? Path.of(configured) : Path.of("scripts/s3rver/node_modules/.bin/s3rver");
		if (!Files.isExecutable(bin)) {
			if ("true".equals(System.getenv("CI"))) {
				assertThat(bin).as("s3rver is required under CI=true (.ci/run: npm install in scripts/s3rver)")
					.isExecutable();
			}
			assumeThat(false).as("s3rver not installed at " + bin + ": S3 tests skipped").isTrue();
		}
		return bin;
	}

	/**
	 * Start a server on a free port over a directory, with the test bucket.
	 * @param directory where it keeps objects (survives a stop, so "down then back" keeps
	 * them)
	 * @return the server
	 * @throws IOException when it cannot start
	 */
	static S3rver start(Path directory) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		S3rver server = new S3rver(directory, port);
		server.up();
		return server;
	}

	void up() throws IOException {
		Files.createDirectories(this.directory);
		this.process = new ProcessBuilder(
				List.of(binary().toAbsolutePath().toString(), "--directory", this.directory.toString(), "--address",
						"127.0.0.1", "--port", Integer.toString(this.port), "--silent", "--configure-bucket", BUCKET))
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolveSibling("s3rver-" + this.port + ".log").toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("s3rver exited with " + this.process.exitValue());
			}
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	/** Stop it (the store is down). */
	void down() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor();
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	Path objects() {
		return this.directory.resolve(BUCKET);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
			this.process.waitFor();
		}
	}

}
