package io.flushmanager.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.flushmanager.support.Waits;

/**
 * Throughput of the child-output path of the built jar: a child writes 100-byte lines to
 * stdout, every line is read, split and logged at INFO through the service's console log
 * (here to {@code /dev/null}, as a container runtime would drain it); measured from the
 * child's start to its exit being recorded, which happens only once its output has been
 * drained.
 */
final class OutputThroughput {

	static final String COMMAND = "java -jar target/flush-manager.jar --flush-manager.child.command=sh "
			+ "--flush-manager.child.args=-c,'yes \"$(printf %099d 0)\" | head -c <bytes>' "
			+ "--flush-manager.child.restart-policy=never > /dev/null";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OutputThroughput() {
	}

	static PeerBenchmark.Throughput measure(Path jar, Path dir, long bytes) throws Exception {
		System.out.printf(Locale.ROOT, "%n== child output: %d bytes%n", bytes);
		Files.createDirectories(dir);
		int port = Tool.freePort();
		String script = "yes \"$(printf %099d 0)\" | head -c " + bytes;
		Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				jar.toString(), "--server.port=" + port, "--flush-manager.child.command=sh",
				"--flush-manager.child.args[0]=-c", "--flush-manager.child.args[1]=" + script,
				"--flush-manager.child.restart-policy=never")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		try {
			Sampler sampler = new Sampler("http://127.0.0.1:" + port + "/api/child", bytes);
			if (!Waits.within(Duration.ofMinutes(10), Duration.ofMillis(100), sampler::exited)) {
				throw new IllegalStateException("the output child did not finish in 10 minutes");
			}
			return sampler.result;
		}
		finally {
			service.destroy();
			service.waitFor();
		}
	}

	/** Asks the service how the child is, timing each answer while the child writes. */
	private static final class Sampler {

		private final String url;

		private final long bytes;

		private double worst;

		private boolean warm;

		private PeerBenchmark.Throughput result;

		Sampler(String url, long bytes) {
			this.url = url;
			this.bytes = bytes;
		}

		boolean exited() throws IOException, InterruptedException {
			long start = System.nanoTime();
			String body;
			try {
				body = Tool.httpBody(this.url);
			}
			catch (IOException ex) {
				// Not listening yet.
				return false;
			}
			if (this.warm) {
				// The first answer also initialises Spring MVC: not a measure of
				// responsiveness.
				this.worst = Math.max(this.worst, (System.nanoTime() - start) / 1e6);
			}
			this.warm = true;
			for (JsonNode event : JSON.readTree(body).get("history")) {
				if ("EXITED".equals(event.get("type").asString())) {
					double seconds = PeerBenchmark.seconds(event.get("ranFor").asString());
					int code = event.get("exitCode").asInt();
					System.out.printf(Locale.ROOT, "  %.1f s, exit %d, %.0f MB/s%n", seconds, code,
							this.bytes / 1e6 / seconds);
					this.result = new PeerBenchmark.Throughput(this.bytes, seconds, this.worst, code);
					return true;
				}
			}
			return false;
		}

	}

}
