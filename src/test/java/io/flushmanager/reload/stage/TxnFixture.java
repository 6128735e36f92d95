package io.flushmanager.reload.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.HttpMetricsScrape;
import io.flushmanager.support.RecordingChild;
import io.flushmanager.support.RecordingChild.Entry;
import io.flushmanager.support.RunningService;

/**
 * A ConfigMap-style directory, a stage dir and a child for the transaction tests.
 */
final class TxnFixture {

	static final String KEY = "exporter.conf";

	final Path dir;

	final Path conf;

	final Path stage;

	final Path record;

	final AtomicWriter kubelet;

	TxnFixture(Path dir, String initial) throws IOException {
		this.dir = dir;
		this.conf = dir.resolve("conf");
		this.stage = dir.resolve("stage");
		this.record = dir.resolve("record.log");
		this.kubelet = new AtomicWriter(this.conf);
		update(initial);
	}

	void update(String content) {
		try {
			this.kubelet.writeText(Map.of(KEY, content + "\n"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path watched() {
		return this.conf.resolve(KEY);
	}

	Path staged() {
		return this.stage.resolve(KEY);
	}

	/** Base arguments: watch the file, stage into the stage dir. */
	List<String> args(String... more) {
		List<String> args = new ArrayList<>(
				List.of("--flush-manager.watch.files=" + watched(), "--flush-manager.reload.stage-dir=" + this.stage));
		args.addAll(List.of(more));
		return args;
	}

	/** The {@link HealthChild} in a JVM of its own, reading the staged copy. */
	String[] healthChild(int port) {
		String java = ProcessHandle.current().info().command().orElse("java");
		return new String[] { "--flush-manager.child.command=" + java,
				"--flush-manager.child.args=-XX:TieredStopAtLevel=1,-XX:+UseSerialGC,-Xmx32m,-Xshare:auto,-cp,"
						+ Path.of(HealthChild.class.getProtectionDomain().getCodeSource().getLocation().getPath()) + ","
						+ HealthChild.class.getName() + "," + staged() + "," + port + "," + this.record };
	}

	/**
	 * Recorded reads: {@link HealthChild} writes the lines of a {@link RecordingChild}.
	 */
	List<Entry> reads() {
		return Entry.read(this.record);
	}

	String lastRead() {
		List<Entry> reads = reads();
		return reads.isEmpty() ? "" : reads.get(reads.size() - 1).config();
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static JsonNode file(RunningService service) {
		return service.api().get("/api/watch").json().get("files").get(0);
	}

	static List<String> actions(RunningService service) {
		List<String> actions = new ArrayList<>();
		service.api().get("/api/watch/history").json().forEach((entry) -> actions.add(entry.get("action").asString()));
		return actions;
	}

	static JsonNode latest(RunningService service) {
		return service.api().get("/api/watch/history").json().get(0);
	}

	static HttpMetricsScrape metrics(RunningService service) {
		return HttpMetricsScrape.parse(service.api().get("/actuator/prometheus").body());
	}

}
