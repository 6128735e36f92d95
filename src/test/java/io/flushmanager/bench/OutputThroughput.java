package io.flushmanager.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
			String url = "http://127.0.0.1:" + port + "/api/child";
			double worst = 0;
			boolean warm = false;
			long deadline = System.nanoTime() + 600_000_000_000L;
			while (System.nanoTime() < deadline) {
				long start = System.nanoTime();
				String body;
				try {
					body = Tool.httpBody(url);
				}
				catch (IOException ex) {
					// Not listening yet.
					Thread.sleep(100);
					continue;
				}
				if (warm) {
					// The first answer also initialises Spring MVC: not a measure of
					// responsiveness.
					worst = Math.max(worst, (System.nanoTime() - start) / 1e6);
				}
				warm = true;
				JsonNode history = JSON.readTree(body).get("history");
				for (JsonNode event : history) {
					if ("EXITED".equals(event.get("type").asString())) {
						double seconds = PeerBenchmark.seconds(event.get("ranFor").asString());
						int code = event.get("exitCode").asInt();
						System.out.printf(Locale.ROOT, "  %.1f s, exit %d, %.0f MB/s%n", seconds, code,
								bytes / 1e6 / seconds);
						return new PeerBenchmark.Throughput(bytes, seconds, worst, code);
					}
				}
				Thread.sleep(100);
			}
			throw new IllegalStateException("the output child did not finish in 10 minutes");
		}
		finally {
			service.destroy();
			service.waitFor();
		}
	}

}
