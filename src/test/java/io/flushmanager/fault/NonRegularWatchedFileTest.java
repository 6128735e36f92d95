package io.flushmanager.fault;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.util.FileSystemUtils;

import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.HttpApi;
import io.flushmanager.support.Processes;
import io.flushmanager.support.ScriptChild;
import io.flushmanager.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §9, end to end on the service's own JVM: a watched ConfigMap key that is a FIFO, a
 * character device ({@code /dev/zero} through a symlink), a unix socket, a directory or a
 * file over the size cap, present at start or swapped in by a kubelet update. Whatever it
 * is, the probes answer, {@code /api/watch} names it, the child keeps running on what it
 * has, the next normal update reaches a new child, and SIGTERM ends the service within
 * its shutdown budget.
 */
class NonRegularWatchedFileTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	/**
	 * Far more than a healthy shutdown needs (the child stops on TERM at once), far less
	 * than "never".
	 */
	private static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(30);

	/**
	 * Two polls (200ms) and the debounce (100ms), with margin: long enough for a wrong
	 * restart to show.
	 */
	private static final Duration SETTLE = Duration.ofMillis(800);

	@TempDir
	Path dir;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void closeResources() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	static List<Arguments> cases() {
		List<Arguments> cases = new ArrayList<>();
		for (Kind kind : Kind.values()) {
			// A directory given as the file at start is an invalid property (SPEC §2):
			// the start fails with
			// the failure-analysis block, as InvalidPropertiesTest shows.
			if (kind != Kind.DIRECTORY) {
				cases.add(Arguments.of(kind, true));
			}
			cases.add(Arguments.of(kind, false));
		}
		return cases;
	}

	@ParameterizedTest(name = "{0}, present at start: {1}")
	@MethodSource("cases")
	void aWatchedPathThatIsNoRegularFileIsAStateNeverAJam(Kind kind, boolean atStart) throws Exception {
		Path conf = this.dir.resolve("conf");
		Path file = conf.resolve("exporter.conf");
		AtomicWriter kubelet = new AtomicWriter(conf);
		if (atStart) {
			swapIn(conf, kind);
		}
		else {
			kubelet.writeText(Map.of("exporter.conf", "a"));
		}
		ScriptChild child = ScriptChild.create(this.dir, "child", """
				conf="$1"
				# Only a regular file is read: the child must not hang on the FIFO or read /dev/zero forever.
				if [ -f "$conf" ]; then c=$(head -c 16 "$conf"); else c=-; fi
				echo "$$ $c" >> "$DIR/starts"
				trap 'exit 0' TERM
				while :; do sleep 1 & wait $!; done
				""");
		try (ServiceProcess service = ServiceProcess.start(this.dir.resolve("service.log"),
				List.of("--flush-manager.child.command=" + child.command(), "--flush-manager.child.args[0]=" + file,
						"--flush-manager.watch.files[0]=" + file, "--flush-manager.watch.poll-interval=200ms",
						"--flush-manager.watch.debounce=100ms", "--flush-manager.watch.max-file-size=1KB",
						"--flush-manager.watch.read-timeout=1s", "--flush-manager.child.start-grace=200ms",
						"--flush-manager.child.stop-timeout=5s"))) {
			service.awaitReady(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> starts(child).size() == 1);
			if (!atStart) {
				assertThat(starts(child).get(0)).endsWith(" a");
				swapIn(conf, kind);
			}
			await().atMost(TIMEOUT).until(() -> {
				JsonNode watched = watched(service.api());
				return watched.get("exists").asBoolean() && kind.error.equals(watched.get("error").asString(""));
			});
			assertThat(watched(service.api()).get("sha256").isNull()).isTrue();
			assertThat(answersQuickly(service.api(), "/livez")).isEqualTo(200);
			assertThat(answersQuickly(service.api(), "/readyz")).isEqualTo(200);
			assertThat(answersQuickly(service.api(), "/actuator/health")).isEqualTo(200);
			// The child keeps what it has: nothing to reload from a path that cannot be
			// read.
			await().during(SETTLE).atMost(TIMEOUT).until(() -> starts(child).size() == 1);
			kubelet.writeText(Map.of("exporter.conf", "b"));
			await().atMost(TIMEOUT).until(() -> starts(child).size() == 2);
			assertThat(starts(child).get(1)).endsWith(" b");
			assertThat(watched(service.api()).get("error").isNull()).isTrue();
			assertThat(answersQuickly(service.api(), "/livez")).isEqualTo(200);
			service.signal("TERM");
			assertThat(service.process().waitFor(SHUTDOWN_BUDGET.toSeconds(), TimeUnit.SECONDS))
				.as("the service ended on SIGTERM within %s", SHUTDOWN_BUDGET)
				.isTrue();
			// 143 is 128 + SIGTERM: the JVM ran its shutdown and ended on the signal.
			assertThat(service.process().exitValue()).as(service.log()).isEqualTo(143);
		}
		Processes.assertGone(child.pids());
	}

	/**
	 * Replays the kubelet's update with {@code exporter.conf} made by {@code kind} in the
	 * new directory.
	 */
	private void swapIn(Path conf, Kind kind) throws Exception {
		Files.createDirectories(conf);
		Path data = conf.resolve(AtomicWriter.DATA_DIR);
		Path old = Files.isSymbolicLink(data) ? conf.resolve(Files.readSymbolicLink(data)) : null;
		Path next = Files.createDirectory(conf.resolve("..2026_01_01_00_00_00." + System.nanoTime()));
		make(kind, next.resolve("exporter.conf"));
		Path tmp = conf.resolve(AtomicWriter.DATA_DIR_TMP);
		Files.createSymbolicLink(tmp, next.getFileName());
		Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
		Path visible = conf.resolve("exporter.conf");
		if (!Files.isSymbolicLink(visible)) {
			Files.createSymbolicLink(visible, Path.of(AtomicWriter.DATA_DIR, "exporter.conf"));
		}
		if (old != null) {
			FileSystemUtils.deleteRecursively(old);
		}
	}

	private void make(Kind kind, Path path) throws Exception {
		switch (kind) {
			case FIFO -> {
				Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
				assertThat(mkfifo.waitFor()).isZero();
			}
			case CHARACTER_DEVICE -> Files.createSymbolicLink(path, Path.of("/dev/zero"));
			case SOCKET -> {
				ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
				socket.bind(UnixDomainSocketAddress.of(path));
				this.resources.add(socket);
			}
			case DIRECTORY -> Files.writeString(Files.createDirectory(path).resolve("inner.conf"), "x");
			case OVERSIZED -> Files.writeString(path, "x".repeat(2048));
		}
	}

	/**
	 * The status of a GET that must answer at all, and soon: a jammed service never does.
	 */
	private static int answersQuickly(HttpApi api, String path) throws Exception {
		return CompletableFuture.supplyAsync(() -> api.get(path).status()).get(10, TimeUnit.SECONDS);
	}

	private static JsonNode watched(HttpApi api) {
		return api.get("/api/watch").json().get("files").get(0);
	}

	private static List<String> starts(ScriptChild child) {
		return child.read("starts").lines().filter((line) -> !line.isBlank()).toList();
	}

	enum Kind {

		FIFO("not a regular file: fifo"),

		CHARACTER_DEVICE("not a regular file: character device"),

		SOCKET("not a regular file: socket"),

		DIRECTORY("not a regular file: directory"),

		OVERSIZED("larger than flush-manager.watch.max-file-size (1KB): recorded by stat alone, content not read");

		private final String error;

		Kind(String error) {
			this.error = error;
		}

	}

}
