package io.flushmanager.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.RecordingListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the kernel refuses native events (the inotify limits), the watcher says so, counts
 * it and goes on polling. The limits are per user and machine-wide, so they are
 * reproduced by a provider that fails the way the JDK does when inotify_init or
 * inotify_add_watch fail, instead of exhausting them for real.
 */
@ExtendWith(OutputCaptureExtension.class)
class NativeEventsUnavailableTest {

	@TempDir
	Path dir;

	@Test
	void refusedInstanceFallsBackToPolling(CapturedOutput output) throws Exception {
		WatchServiceProvider refusing = new WatchServiceProvider() {
			@Override
			public WatchService open() throws IOException {
				throw new IOException("User limit of inotify instances reached or too many open files");
			}
		};
		assertPollingCarriesOn(refusing, output, "Native file events unavailable");
	}

	@Test
	void refusedRegistrationFallsBackToPolling(CapturedOutput output) throws Exception {
		WatchServiceProvider refusing = new WatchServiceProvider() {
			@Override
			public WatchKey register(WatchService service, Path directory) throws IOException {
				throw new IOException("User limit of inotify watches reached");
			}
		};
		assertPollingCarriesOn(refusing, output, "Native file events refused for " + this.dir);
	}

	private void assertPollingCarriesOn(WatchServiceProvider provider, CapturedOutput output, String logged)
			throws Exception {
		AtomicWriter kubelet = new AtomicWriter(this.dir);
		kubelet.writeText(Map.of("exporter.conf", "a"));
		Path file = this.dir.resolve("exporter.conf");
		WatcherContext.runner("flush-manager.watch.files=" + file, "flush-manager.watch.poll-interval=300ms")
			.withBean(WatchServiceProvider.class, () -> provider)
			.run((context) -> {
				WatchStatus status = context.getBean(WatchStatus.class);
				assertThat(status.mode()).isEqualTo(WatchStatus.Mode.POLLING);
				assertThat(status.nativeProblem()).contains("inotify");
				assertThat(status.errors()).isEqualTo(1);
				assertThat(output).contains(logged);
				kubelet.writeText(Map.of("exporter.conf", "b"));
				RecordingListener listener = context.getBean(RecordingListener.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> listener.count() == 1);
				assertThat(listener.last().changes().get(0).source()).isEqualTo(ChangeSource.POLL);
				// Polls keep retrying the registration without logging or counting each
				// refusal again.
				await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(20)).until(() -> status.errors() == 1);
			});
	}

}
