package io.flushmanager.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.flushmanager.support.ManualTicker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debounce and coalescing decisions, driven by a manual ticker: no executor, no waiting.
 */
class BurstTest {

	private static final Duration QUIET = Duration.ofMillis(500);

	private final ManualTicker ticker = new ManualTicker();

	private final Burst burst = new Burst(QUIET);

	@Test
	void waitsTheQuietPeriodAfterTheLastChange() {
		this.burst.add(change(1, "a.conf"), this.ticker.nanoTime());
		assertThat(waitNow()).isEqualTo(QUIET);
		this.ticker.advance(Duration.ofMillis(300));
		assertThat(waitNow()).isEqualTo(Duration.ofMillis(200));
		this.ticker.advance(Duration.ofMillis(200));
		assertThat(waitNow()).isEqualTo(Duration.ZERO);
	}

	@Test
	void aNewChangeStartsTheQuietPeriodOver() {
		this.burst.add(change(1, "a.conf"), this.ticker.nanoTime());
		this.ticker.advance(Duration.ofMillis(400));
		this.burst.add(change(2, "a.conf"), this.ticker.nanoTime());
		this.ticker.advance(Duration.ofMillis(400));
		assertThat(waitNow()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void aQuietBurstWaitsForTheListener() {
		this.burst.add(change(1, "a.conf"), this.ticker.nanoTime());
		this.ticker.advance(QUIET);
		assertThat(Duration.ofNanos(this.burst.waitNanos(this.ticker.nanoTime(), () -> Duration.ofSeconds(3))))
			.isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void theListenerIsNotAskedWhileTheBurstGoesOn() {
		this.burst.add(change(1, "a.conf"), this.ticker.nanoTime());
		assertThat(this.burst.waitNanos(this.ticker.nanoTime(), () -> {
			throw new AssertionError("asked too early");
		})).isEqualTo(QUIET.toNanos());
	}

	@Test
	void drainTakesEveryChangeOnce() {
		this.burst.add(change(1, "a.conf"), this.ticker.nanoTime());
		this.burst.add(change(2, "b.conf"), this.ticker.nanoTime());
		assertThat(this.burst.drain()).extracting(DetectedChange::recordId).containsExactly(1L, 2L);
		assertThat(this.burst.drain()).isEmpty();
	}

	@Test
	void noQuietPeriodReleasesAtOnce() {
		Burst immediate = new Burst(Duration.ZERO);
		immediate.add(change(1, "a.conf"), this.ticker.nanoTime());
		assertThat(immediate.waitNanos(this.ticker.nanoTime(), () -> Duration.ZERO)).isZero();
	}

	@Test
	void coalescesToTheLatestChangeOfEachFile() {
		Coalesced folded = Coalesced
			.of(List.of(change(1, "a.conf"), change(2, "b.conf"), change(3, "a.conf"), change(4, "a.conf")));
		assertThat(folded.latest()).extracting(DetectedChange::recordId).containsExactly(4L, 2L);
		assertThat(folded.coalesced()).containsExactly(1L, 3L);
	}

	@Test
	void aSingleChangeIsNotCoalesced() {
		Coalesced folded = Coalesced.of(List.of(change(7, "a.conf")));
		assertThat(folded.latest()).extracting(DetectedChange::recordId).containsExactly(7L);
		assertThat(folded.coalesced()).isEmpty();
	}

	private Duration waitNow() {
		return Duration.ofNanos(Math.max(0, this.burst.waitNanos(this.ticker.nanoTime(), () -> Duration.ZERO)));
	}

	private static DetectedChange change(long id, String name) {
		Path path = Path.of("/etc/app", name);
		FileSnapshot before = new FileSnapshot(path, true, false, path, false, 1L, id, 1L, Instant.EPOCH, "old", null);
		FileSnapshot after = new FileSnapshot(path, true, false, path, false, 1L, id + 1, 1L, Instant.EPOCH, "new" + id,
				null);
		return new DetectedChange(id, ChangeSource.EVENT, before, after, 0);
	}

}
