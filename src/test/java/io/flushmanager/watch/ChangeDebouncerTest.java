package io.flushmanager.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.flushmanager.config.WatchProperties.Compare;
import io.flushmanager.support.ManualTicker;
import io.flushmanager.support.RecordingListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the debouncer writes to the history: its own decisions (coalesced, back to applied
 * content) and the listener's outcome exactly as answered. No quiet period, so nothing
 * waits on time.
 */
class ChangeDebouncerTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Path A = Path.of("/etc/app/a.conf");

	private final ChangeHistory history = new ChangeHistory(10);

	private final RecordingListener applied = new RecordingListener();

	private final List<ConfirmedChange> confirmed = new CopyOnWriteArrayList<>();

	private ChangeDebouncer debouncer;

	@AfterEach
	void close() {
		this.debouncer.close();
	}

	@Test
	void theListenersOutcomeAndCauseGoToTheHistory() {
		this.debouncer = debouncer((change) -> {
			this.confirmed.add(change);
			return ChangeOutcome.validationFailed("validate command exited 2");
		});
		long id = detect("new");
		await().atMost(TIMEOUT).until(() -> entry(id).action() != ChangeAction.PENDING);
		assertThat(entry(id).action()).isEqualTo(ChangeAction.VALIDATION_FAILED);
		assertThat(entry(id).cause()).isEqualTo("validate command exited 2");
		assertThat(this.confirmed).hasSize(1);
	}

	@Test
	void contentTheChildAlreadyHasIsNotHandedOn() {
		this.applied.baseline(A, "same");
		this.debouncer = debouncer((change) -> {
			this.confirmed.add(change);
			return ChangeOutcome.reloaded();
		});
		long id = detect("same");
		await().atMost(TIMEOUT).until(() -> entry(id).action() != ChangeAction.PENDING);
		assertThat(entry(id).action()).isEqualTo(ChangeAction.UNCHANGED_CONTENT);
		assertThat(this.confirmed).isEmpty();
	}

	@Test
	void aListenerThatThrowsIsAFailedReloadWithItsCause() {
		this.debouncer = debouncer((change) -> {
			throw new IllegalStateException("boom");
		});
		long id = detect("new");
		await().atMost(TIMEOUT).until(() -> entry(id).action() != ChangeAction.PENDING);
		assertThat(entry(id).action()).isEqualTo(ChangeAction.RELOAD_FAILED);
		assertThat(entry(id).cause()).isEqualTo("listener failed: IllegalStateException");
	}

	private ChangeDebouncer debouncer(ConfigChangeListener listener) {
		return new ChangeDebouncer(Duration.ZERO, Compare.CONTENT, this.history, listener, this.applied,
				new CustomizableThreadFactory("test-confirm-"), new ManualTicker());
	}

	private long detect(String sha256) {
		FileSnapshot before = new FileSnapshot(A, true, false, A, false, 1L, 1L, 1L, Instant.EPOCH, "old", null);
		FileSnapshot after = new FileSnapshot(A, true, false, A, false, 1L, 2L, 1L, Instant.EPOCH, sha256, null);
		ChangeRecord entry = this.history.add(new ChangeRecord(0, Instant.EPOCH, A, ChangeSource.EVENT, 1L, 2L, "old",
				sha256, A, ChangeAction.PENDING));
		this.debouncer.onDetected(new DetectedChange(entry.id(), ChangeSource.EVENT, before, after, 0));
		return entry.id();
	}

	private ChangeRecord entry(long id) {
		return this.history.entries(A).stream().filter((entry) -> entry.id() == id).findFirst().orElseThrow();
	}

}
