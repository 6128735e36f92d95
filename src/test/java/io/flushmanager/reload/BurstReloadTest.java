package io.flushmanager.reload;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ApplicationListener;

import io.flushmanager.child.ChildSpawning;
import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.RecordingChild;
import io.flushmanager.support.RunningService;
import io.flushmanager.watch.ChangeAction;
import io.flushmanager.watch.ChangeHistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kubelet-style updates arriving at intervals around the debounce period, so that some
 * land while a restart is under way: the new child then reads content newer than the
 * change that restarted it. No restart may hand the child the content it already had, and
 * the last child runs the last content. The one exception is content written after a
 * spawn began, while that child was starting: whether it read the old or the new content
 * is known only to the child, so restarting is the safe answer.
 */
class BurstReloadTest {

	private static final Duration DEBOUNCE = Duration.ofMillis(200);

	private static final int UPDATES = 70;

	@TempDir
	Path dir;

	@Test
	void aJitteredBurstNeverRestartsTheChildOnContentItAlreadyHas() throws IOException {
		RecordingChild child = RecordingChild.in(this.dir);
		AtomicWriter kubelet = new AtomicWriter(this.dir.resolve("conf"));
		kubelet.writeText(Map.of("exporter.conf", "v0"));
		Path file = this.dir.resolve("conf/exporter.conf");
		List<String> args = List.of("--flush-manager.watch.files=" + file,
				"--flush-manager.watch.debounce=" + DEBOUNCE.toMillis() + "ms", "--flush-manager.child.command=sh",
				"--flush-manager.child.args=" + child.script() + "," + file + "," + child.record());
		List<Long> spawns = new CopyOnWriteArrayList<>();
		try (RunningService service = RunningService.start(args, (context) -> context.addApplicationListener(
				ApplicationListener.<ChildSpawning>forPayload((spawning) -> spawns.add(System.nanoTime()))))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> child.last().isPresent());
			long seed = System.nanoTime();
			Random random = new Random(seed);
			String last = "v0";
			Map<String, Long> written = new HashMap<>();
			for (int i = 1; i <= UPDATES; i++) {
				last = "v" + i;
				kubelet.writeText(Map.of("exporter.conf", last));
				written.put(last, System.nanoTime());
				long pause = (long) (DEBOUNCE.toNanos() * (0.5 + random.nextDouble()));
				LockSupport.parkNanos(pause);
			}
			String finalContent = last;
			ChangeHistory history = service.bean(ChangeHistory.class);
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> child.last()
					.map((entry) -> entry.config().equals(finalContent) && entry.alive())
					.orElse(false)
						&& history.entries(file).stream().noneMatch((entry) -> entry.action() == ChangeAction.PENDING)
						// A reload is resolved once the new child is spawned, a moment
						// before it records its start.
						&& spawns.size() == child.entries().size());
			List<RecordingChild.Entry> starts = child.entries();
			assertThat(spawns).hasSameSizeAs(starts);
			List<String> redundant = new ArrayList<>();
			List<String> inherent = new ArrayList<>();
			for (int i = 1; i < starts.size(); i++) {
				String config = starts.get(i).config();
				if (config.equals(starts.get(i - 1).config())) {
					// Written after the previous spawn began, it may have been read by
					// that child or not:
					// nothing outside the child can tell, and a stale child would be
					// worse than a restart.
					boolean raced = written.getOrDefault(config, Long.MIN_VALUE) > spawns.get(i - 1);
					(raced ? inherent : redundant).add(config);
				}
			}
			System.out.printf("%d restarts; %d on content that raced the previous child's own read: %s%n",
					starts.size() - 1, inherent.size(), inherent);
			assertThat(redundant)
				.as("restarts on content the child already had (%d restarts, seed %d)", starts.size() - 1, seed)
				.isEmpty();
			assertThat(starts).allMatch((entry) -> entry.event().equals("START"));
			assertThat(child.last().orElseThrow().config()).isEqualTo(finalContent);
		}
	}

}
