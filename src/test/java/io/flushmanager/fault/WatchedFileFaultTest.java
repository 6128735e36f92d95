package io.flushmanager.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.util.FileSystemUtils;

import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.DyingWatchService;
import io.flushmanager.support.Processes;
import io.flushmanager.support.RecordingChild;
import io.flushmanager.support.RunningService;
import io.flushmanager.support.UnreadableFiles;
import io.flushmanager.watch.WatchServiceProvider;

import static io.flushmanager.fault.ChildFaultTest.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault injection, the filesystem side, end to end: the whole service watches a file that
 * a recording child reads at start. Whatever happens to the file, the child keeps running
 * on its config (no restart for a file that is gone or unreadable, nor for a return to
 * the same content), and the first readable new content reaches a new child exactly once;
 * the watcher's failures show in health.
 */
class WatchedFileFaultTest {

	/**
	 * Two polls (200ms) and the debounce (100ms), with margin: long enough for a wrong
	 * restart to show.
	 */
	private static final Duration SETTLE = Duration.ofMillis(800);

	@TempDir
	Path dir;

	private RecordingChild child;

	@Test
	void deletedThenRecreated() throws Exception {
		Path file = Files.writeString(this.dir.resolve("app.conf"), "a");
		try (RunningService service = start(file)) {
			Files.delete(file);
			await().atMost(TIMEOUT).until(() -> !watched(service).get("exists").asBoolean());
			assertThat(lastChange(service).get("action").asString()).isEqualTo("UNAVAILABLE");
			assertThat(service.api().get("/actuator/health/readiness").status()).isEqualTo(200);
			Files.writeString(file, "a");
			await().atMost(TIMEOUT)
				.until(() -> "UNCHANGED_CONTENT".equals(lastChange(service).get("action").asString()));
			Files.delete(file);
			Files.writeString(file, "b");
			expectOneRestartOn(service, "b");
		}
		assertNothingLeft();
	}

	@Test
	void replacedByADirectory() throws Exception {
		Path file = Files.writeString(this.dir.resolve("app.conf"), "a");
		try (RunningService service = start(file)) {
			Files.delete(file);
			Files.createDirectory(file);
			await().atMost(TIMEOUT)
				.until(() -> "not a regular file: directory".equals(watched(service).get("error").asString()));
			settled(1);
			Files.delete(file);
			Files.writeString(file, "b");
			expectOneRestartOn(service, "b");
		}
		assertNothingLeft();
	}

	@Test
	void madeUnreadable() throws Exception {
		Path file = Files.writeString(this.dir.resolve("app.conf"), "a");
		try (RunningService service = start(file)) {
			UnreadableFiles.makeUnreadable(file);
			await().atMost(TIMEOUT).until(() -> !watched(service).get("error").isNull());
			assertThat(lastChange(service).get("action").asString()).isEqualTo("UNAVAILABLE");
			settled(1);
			UnreadableFiles.makeReadable(file, "b");
			expectOneRestartOn(service, "b");
		}
		assertNothingLeft();
	}

	@Test
	void turnedIntoADanglingSymlink() throws Exception {
		Path file = Files.writeString(this.dir.resolve("app.conf"), "a");
		Path target = this.dir.resolve("real.conf");
		try (RunningService service = start(file)) {
			Files.delete(file);
			Files.createSymbolicLink(file, target);
			await().atMost(TIMEOUT)
				.until(() -> watched(service).get("symlink").asBoolean()
						&& !watched(service).get("exists").asBoolean());
			settled(1);
			Files.writeString(target, "b");
			expectOneRestartOn(service, "b");
		}
		assertNothingLeft();
	}

	@Test
	void turnedIntoASymlinkLoop() throws Exception {
		Path file = Files.writeString(this.dir.resolve("app.conf"), "a");
		try (RunningService service = start(file)) {
			Path other = this.dir.resolve("loop.conf");
			Files.delete(file);
			Files.createSymbolicLink(other, file);
			Files.createSymbolicLink(file, other);
			await().atMost(TIMEOUT).until(() -> !watched(service).get("error").isNull());
			assertThat(watched(service).get("exists").asBoolean()).isFalse();
			settled(1);
			Files.delete(file);
			Files.writeString(file, "b");
			expectOneRestartOn(service, "b");
		}
		assertNothingLeft();
	}

	@Test
	void itsConfigMapDirectoryDeletedAndRecreated() throws Exception {
		Path conf = this.dir.resolve("conf");
		new AtomicWriter(conf).writeText(Map.of("exporter.conf", "a"));
		Path file = conf.resolve("exporter.conf");
		try (RunningService service = start(file)) {
			FileSystemUtils.deleteRecursively(conf);
			await().atMost(TIMEOUT).until(() -> !watched(service).get("exists").asBoolean());
			settled(1);
			new AtomicWriter(conf).writeText(Map.of("exporter.conf", "b"));
			expectOneRestartOn(service, "b");
			// The new directory is watched again: later updates go on reaching the child.
			new AtomicWriter(conf).writeText(Map.of("exporter.conf", "c"));
			await().atMost(TIMEOUT).until(() -> this.child.entries().size() == 3);
			assertThat(this.child.last().orElseThrow().config()).isEqualTo("c");
			settled(3);
		}
		assertNothingLeft();
	}

	@Test
	void itsConfigMapDirectoryMovedAwayIsPollingUntilItIsBackThenWatchedByEventsAgain() throws Exception {
		Path conf = this.dir.resolve("conf");
		new AtomicWriter(conf).writeText(Map.of("exporter.conf", "a"));
		Path file = conf.resolve("exporter.conf");
		// Polls a second apart, so that a change seen within it was seen by a kernel
		// event.
		try (RunningService service = start(file, List.of("--flush-manager.watch.poll-interval=1s"))) {
			assertThat(mode(service)).isEqualTo("NATIVE_AND_POLLING");
			Files.move(conf, this.dir.resolve("conf.moved"));
			await().atMost(TIMEOUT).until(() -> "POLLING".equals(mode(service)));
			assertThat(service.api().get("/api/watch").json().get("nativeProblem").asString())
				.contains(conf.toString());
			settled(1);
			new AtomicWriter(conf).writeText(Map.of("exporter.conf", "b"));
			expectOneRestartOn(service, "b");
			await().atMost(TIMEOUT).until(() -> "NATIVE_AND_POLLING".equals(mode(service)));
			new AtomicWriter(conf).writeText(Map.of("exporter.conf", "c"));
			expectOneRestartOn(service, "c");
			assertThat(lastChange(service).get("source").asString()).isEqualTo("EVENT");
		}
		assertNothingLeft();
	}

	@Test
	void itsConfigMapDirectoryMovedAwayAndRecreatedBetweenTwoPollsIsRegisteredAgain() throws Exception {
		Path conf = this.dir.resolve("conf");
		new AtomicWriter(conf).writeText(Map.of("exporter.conf", "a"));
		Path file = conf.resolve("exporter.conf");
		try (RunningService service = start(file, List.of("--flush-manager.watch.poll-interval=1s"))) {
			Files.move(conf, this.dir.resolve("conf.moved"));
			new AtomicWriter(conf).writeText(Map.of("exporter.conf", "b"));
			// The old registration watches the moved directory: the next poll sees the
			// change and registers
			// the new directory before it checks.
			expectOneRestartOn(service, "b");
			assertThat(mode(service)).isEqualTo("NATIVE_AND_POLLING");
			new AtomicWriter(conf).writeText(Map.of("exporter.conf", "c"));
			expectOneRestartOn(service, "c");
			assertThat(lastChange(service).get("source").asString()).isEqualTo("EVENT");
		}
		assertNothingLeft();
	}

	@Test
	void nativeWatchRegistrationRefusedLeavesPollingWhichHealthShows() throws Exception {
		WatchServiceProvider refusing = new WatchServiceProvider() {
			@Override
			public WatchKey register(WatchService service, Path directory) throws IOException {
				// What the JDK throws when inotify_add_watch fails with ENOSPC.
				throw new IOException("User limit of inotify watches reached");
			}
		};
		AtomicWriter kubelet = new AtomicWriter(this.dir.resolve("conf"));
		kubelet.writeText(Map.of("exporter.conf", "a"));
		Path file = this.dir.resolve("conf").resolve("exporter.conf");
		try (RunningService service = start(file, primary(refusing))) {
			JsonNode watch = service.api().get("/api/watch").json();
			assertThat(watch.get("mode").asString()).isEqualTo("POLLING");
			assertThat(watch.get("nativeProblem").asString()).contains("inotify");
			JsonNode health = service.api().get("/actuator/health").json().get("components").get("configWatch");
			assertThat(health.get("status").asString()).isEqualTo("UP");
			assertThat(health.get("details").get("mode").asString()).isEqualTo("POLLING");
			assertThat(health.get("details").get("nativeProblem").asString()).contains("inotify");
			kubelet.writeText(Map.of("exporter.conf", "b"));
			expectOneRestartOn(service, "b");
			assertThat(lastChange(service).get("source").asString()).isEqualTo("POLL");
		}
		assertNothingLeft();
	}

	@Test
	void aDeadWatcherThreadMakesLivenessDownWhilePollingStillDeliversChanges() throws Exception {
		WatchServiceProvider dying = DyingWatchService.provider();
		AtomicWriter kubelet = new AtomicWriter(this.dir.resolve("conf"));
		kubelet.writeText(Map.of("exporter.conf", "a"));
		Path file = this.dir.resolve("conf").resolve("exporter.conf");
		try (RunningService service = start(file, primary(dying))) {
			await().atMost(TIMEOUT).until(() -> service.api().get("/actuator/health/liveness").status() == 503);
			JsonNode watch = service.api().get("/actuator/health/liveness").json().get("components").get("configWatch");
			assertThat(watch.get("status").asString()).isEqualTo("DOWN");
			assertThat(watch.get("details").get("threadFailure").asString()).contains("injected");
			assertThat(service.api().get("/actuator/health/readiness").status()).isEqualTo(200);
			kubelet.writeText(Map.of("exporter.conf", "b"));
			expectOneRestartOn(service, "b");
		}
		assertNothingLeft();
	}

	private RunningService start(Path file) throws IOException {
		return start(file, (context) -> {
		});
	}

	private RunningService start(Path file, List<String> more) throws IOException {
		return start(file, more, (context) -> {
		});
	}

	private RunningService start(Path file, Consumer<GenericApplicationContext> beans) throws IOException {
		return start(file, List.of(), beans);
	}

	private RunningService start(Path file, List<String> more, Consumer<GenericApplicationContext> beans)
			throws IOException {
		this.child = RecordingChild.in(this.dir);
		List<String> args = new ArrayList<>(List.of("--flush-manager.child.command=sh",
				"--flush-manager.child.args[0]=" + this.child.script(), "--flush-manager.child.args[1]=" + file,
				"--flush-manager.child.args[2]=" + this.child.record(), "--flush-manager.watch.files[0]=" + file));
		args.addAll(more);
		RunningService service = RunningService.start(args, beans);
		await().atMost(TIMEOUT).until(() -> this.child.entries().size() == 1 && "RUNNING".equals(service.childState()));
		assertThat(this.child.last().orElseThrow().config()).isEqualTo("a");
		return service;
	}

	private static Consumer<GenericApplicationContext> primary(WatchServiceProvider provider) {
		return (context) -> context.registerBean("injectedWatchServiceProvider", WatchServiceProvider.class,
				() -> provider, (definition) -> definition.setPrimary(true));
	}

	private static JsonNode watched(RunningService service) {
		return service.api().get("/api/watch").json().get("files").get(0);
	}

	private static String mode(RunningService service) {
		return service.api().get("/api/watch").json().get("mode").asString();
	}

	private static JsonNode lastChange(RunningService service) {
		return service.api().get("/api/watch/history").json().get(0);
	}

	/** The new content reaches exactly one new child, and the old one is gone. */
	private void expectOneRestartOn(RunningService service, String content) {
		int before = this.child.entries().size();
		await().atMost(TIMEOUT).until(() -> this.child.entries().size() == before + 1);
		assertThat(this.child.last().orElseThrow().config()).isEqualTo(content);
		settled(before + 1);
		assertThat(lastChange(service).get("action").asString()).isEqualTo("RELOADED");
		Processes.assertGone(this.child.entries().subList(0, before).stream().map(RecordingChild.Entry::pid).toList());
	}

	/** No start beyond {@code starts} for a while, and the last child still runs. */
	private void settled(int starts) {
		await().during(SETTLE).atMost(TIMEOUT).until(() -> this.child.entries().size() == starts);
		assertThat(this.child.last().orElseThrow().alive()).isTrue();
	}

	private void assertNothingLeft() {
		Processes.assertGone(this.child.entries().stream().map(RecordingChild.Entry::pid).toList());
	}

}
