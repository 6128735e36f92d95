package io.flushmanager.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.flushmanager.support.DyingWatchService;
import io.flushmanager.watch.WatchServiceProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three sources over one ledger: native events (sub-directories created later
 * included), a watcher that dies (collection goes on by polling and the failure is
 * visible), and events refused outright.
 */
class CollectSourcesTest {

	@TempDir
	Path root;

	private CollectSources sources(Harness h, WatchServiceProvider provider) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("test-collect-events-");
		threads.setDaemon(true);
		return new CollectSources(h.scope, h.collector, provider, true, threads, Clock.systemUTC());
	}

	@Test
	void nativeEventsSeeFilesInSubDirectoriesCreatedLater() throws IOException {
		try (Harness h = new Harness(this.root, Duration.ofSeconds(1), CollectProperties.AfterUpload.KEEP);
				CollectSources sources = sources(h, WatchServiceProvider.JDK)) {
			sources.start();
			assertThat(sources.eventsActive()).isTrue();
			Path dir = Files.createDirectories(h.in.resolve("ns/pod-1/app"));
			Files.writeString(dir.resolve("core.7"), "seven");
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(h.ledger.all()).hasSize(1));
			Files.writeString(dir.resolve("core.8"), "eight");
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(h.ledger.all()).hasSize(2));
		}
	}

	@Test
	void aWatcherErrorDoesNotSilenceCollectionAndIsVisible() throws IOException {
		try (Harness h = new Harness(this.root, Duration.ofSeconds(1), CollectProperties.AfterUpload.KEEP);
				CollectSources sources = sources(h, DyingWatchService.provider())) {
			sources.start();
			await().atMost(Duration.ofSeconds(20)).until(() -> !sources.eventsActive());
			assertThat(sources.eventsError()).contains(DyingWatchService.FAILURE);
			Files.writeString(h.in.resolve("core.9"), "nine");
			sources.poll();
			assertThat(h.ledger.all()).hasSize(1);
			assertThat(sources.eventErrors()).isGreaterThanOrEqualTo(1);
		}
	}

	@Test
	void refusedEventsLeavePollingCollecting() throws IOException {
		WatchServiceProvider refusing = new WatchServiceProvider() {

			@Override
			public WatchService open() throws IOException {
				throw new IOException("User limit of inotify instances reached or too many open files");
			}

			@Override
			public WatchKey register(WatchService service, Path directory) throws IOException {
				throw new IOException("no watches");
			}

		};
		try (Harness h = new Harness(this.root, Duration.ofSeconds(1), CollectProperties.AfterUpload.KEEP);
				CollectSources sources = sources(h, refusing)) {
			Files.writeString(h.in.resolve("core.10"), "before start");
			sources.start();
			assertThat(sources.eventsActive()).isFalse();
			assertThat(sources.eventsError()).contains("inotify");
			Files.writeString(Files.createDirectories(h.in.resolve("later")).resolve("core.11"), "while running");
			sources.poll();
			assertThat(h.ledger.all()).hasSize(2);
		}
	}

}
