package io.flushmanager.watch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.Hashes;
import io.flushmanager.support.RecordingListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ConfigMap volumes updated by a kubelet AtomicWriter replica are seen exactly once per
 * real change.
 */
class ConfigMapWatchTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	Path dir;

	@Test
	void fiveSuccessiveUpdatesAreEachDetectedOnceWithTheNewContent() throws Exception {
		AtomicWriter kubelet = new AtomicWriter(this.dir);
		kubelet.writeText(Map.of("exporter.conf", "v0"));
		Path file = this.dir.resolve("exporter.conf");
		WatcherContext.runner("flush-manager.watch.files=" + file).run((context) -> {
			RecordingListener listener = context.getBean(RecordingListener.class);
			for (int i = 1; i <= 5; i++) {
				kubelet.writeText(Map.of("exporter.conf", "v" + i));
				int expected = i;
				await().atMost(TIMEOUT).until(() -> listener.count() == expected);
				assertThat(listener.last().changes()).singleElement()
					.satisfies(
							(change) -> assertThat(change.after().sha256()).isEqualTo(Hashes.sha256("v" + expected)));
			}
			// Several poll cycles later there is still one reaction per update: events
			// and polls agree.
			await().during(Duration.ofMillis(1200)).atMost(TIMEOUT).until(() -> listener.count() == 5);
			List<ChangeRecord> history = context.getBean(ChangeHistory.class).entries(file);
			assertThat(history).filteredOn((entry) -> entry.source() != ChangeSource.STARTUP)
				.hasSize(5)
				.allSatisfy((entry) -> assertThat(entry.action()).isEqualTo(ChangeAction.RELOADED));
			assertThat(history.get(0).newInode()).isEqualTo(Files.getAttribute(file, "unix:ino"));
		});
	}

	@Test
	void updateOfAnotherKeyIsRecordedButNotActedOn() throws Exception {
		AtomicWriter kubelet = new AtomicWriter(this.dir);
		kubelet.writeText(Map.of("exporter.conf", "same", "other.conf", "x1"));
		Path file = this.dir.resolve("exporter.conf");
		WatcherContext.runner("flush-manager.watch.files=" + file).run((context) -> {
			ChangeHistory history = context.getBean(ChangeHistory.class);
			kubelet.writeText(Map.of("exporter.conf", "same", "other.conf", "x2"));
			await().atMost(TIMEOUT).until(() -> history.entries(file).size() == 2);
			ChangeRecord entry = history.entries(file).get(0);
			assertThat(entry.action()).isEqualTo(ChangeAction.UNCHANGED_CONTENT);
			assertThat(entry.newInode()).isNotEqualTo(entry.oldInode());
			assertThat(entry.newSha256()).isEqualTo(entry.oldSha256());
			await().during(Duration.ofMillis(1200))
				.atMost(TIMEOUT)
				.until(() -> context.getBean(RecordingListener.class).count() == 0);
		});
	}

	@Test
	void aBurstGivesOneConfirmedChangeCarryingTheLastContent() throws Exception {
		AtomicWriter kubelet = new AtomicWriter(this.dir);
		kubelet.writeText(Map.of("exporter.conf", "b0"));
		Path file = this.dir.resolve("exporter.conf");
		WatcherContext.runner("flush-manager.watch.files=" + file, "flush-manager.watch.debounce=1500ms")
			.run((context) -> {
				RecordingListener listener = context.getBean(RecordingListener.class);
				for (int i = 1; i <= 10; i++) {
					kubelet.writeText(Map.of("exporter.conf", "b" + i));
				}
				await().atMost(TIMEOUT).until(() -> listener.count() == 1);
				await().during(Duration.ofMillis(2000)).atMost(TIMEOUT).until(() -> listener.count() == 1);
				assertThat(listener.last().changes()).singleElement()
					.satisfies((change) -> assertThat(change.after().sha256()).isEqualTo(Hashes.sha256("b10")));
				List<ChangeRecord> entries = new ArrayList<>(context.getBean(ChangeHistory.class).entries(file));
				assertThat(entries.remove(0).action()).isEqualTo(ChangeAction.RELOADED);
				// A read that lost every race with the swaps of the burst is a passing
				// UNAVAILABLE (nothing to
				// act on); every other entry of the burst is folded into the one reload.
				List<ChangeRecord> burst = entries.stream()
					.filter((entry) -> entry.source() != ChangeSource.STARTUP)
					.filter((entry) -> entry.action() != ChangeAction.UNAVAILABLE)
					.toList();
				assertThat(burst).allSatisfy((entry) -> assertThat(entry.action()).isEqualTo(ChangeAction.COALESCED));
				assertThat(listener.last().coalesced()).isEqualTo(burst.size());
			});
	}

	@Test
	void aBurstThatEndsOnTheOriginalContentReloadsNothing() throws Exception {
		AtomicWriter kubelet = new AtomicWriter(this.dir);
		kubelet.writeText(Map.of("exporter.conf", "a"));
		Path file = this.dir.resolve("exporter.conf");
		WatcherContext.runner("flush-manager.watch.files=" + file, "flush-manager.watch.debounce=1500ms")
			.run((context) -> {
				ChangeHistory history = context.getBean(ChangeHistory.class);
				kubelet.writeText(Map.of("exporter.conf", "b"));
				await().atMost(TIMEOUT).until(() -> history.entries(file).size() >= 2);
				kubelet.writeText(Map.of("exporter.conf", "a"));
				await().atMost(TIMEOUT)
					.until(() -> history.entries(file).get(0).action() == ChangeAction.UNCHANGED_CONTENT);
				assertThat(context.getBean(RecordingListener.class).count()).isZero();
			});
	}

	@Test
	void pollingAloneDetectsAnUpdateWithinOnePollInterval() throws Exception {
		AtomicWriter kubelet = new AtomicWriter(this.dir);
		kubelet.writeText(Map.of("exporter.conf", "p0"));
		Path file = this.dir.resolve("exporter.conf");
		Duration pollInterval = Duration.ofSeconds(1);
		WatcherContext
			.runner("flush-manager.watch.files=" + file, "flush-manager.watch.native-events=false",
					"flush-manager.watch.poll-interval=" + pollInterval.toMillis() + "ms")
			.run((context) -> {
				assertThat(context.getBean(WatchStatus.class).mode()).isEqualTo(WatchStatus.Mode.POLLING);
				ChangeHistory history = context.getBean(ChangeHistory.class);
				java.time.Instant committed = java.time.Instant.now();
				kubelet.writeText(Map.of("exporter.conf", "p1"));
				await().atMost(TIMEOUT).until(() -> history.entries(file).size() == 2);
				ChangeRecord entry = history.entries(file).get(0);
				assertThat(entry.source()).isEqualTo(ChangeSource.POLL);
				// One interval, plus a margin for a busy machine's scheduling jitter.
				assertThat(Duration.between(committed, entry.at())).isLessThan(pollInterval.plusMillis(500));
				await().atMost(TIMEOUT).until(() -> context.getBean(RecordingListener.class).count() == 1);
			});
	}

	@Test
	void keysAddedAndRemovedLeaveTheWatchIntact() throws Exception {
		AtomicWriter kubelet = new AtomicWriter(this.dir);
		Map<String, String> payload = new LinkedHashMap<>(Map.of("exporter.conf", "k0"));
		kubelet.writeText(payload);
		Path file = this.dir.resolve("exporter.conf");
		WatcherContext.runner("flush-manager.watch.files=" + file, "flush-manager.watch.poll-interval=10s")
			.run((context) -> {
				RecordingListener listener = context.getBean(RecordingListener.class);
				// The first round may race the poll that runs once at start (either
				// source may see it); the
				// second comes long before the next poll, so only native events can see
				// it.
				for (int round = 1; round <= 2; round++) {
					payload.put("extra.conf", "e");
					kubelet.writeText(payload);
					payload.remove("extra.conf");
					payload.put("exporter.conf", "k" + round);
					kubelet.writeText(payload);
					int expected = round;
					await().atMost(TIMEOUT).until(() -> listener.count() == expected);
					assertThat(listener.last().changes().get(0).after().sha256()).isEqualTo(Hashes.sha256("k" + round));
				}
				assertThat(listener.last().changes().get(0).source()).isEqualTo(ChangeSource.EVENT);
			});
	}

}
