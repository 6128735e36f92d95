package io.flushmanager.child;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.flushmanager.config.BackoffProperties;
import io.flushmanager.support.ManualTicker;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

	private final Backoff backoff = new Backoff(
			new BackoffProperties(Duration.ofSeconds(1), Duration.ofSeconds(5), 2.0, Duration.ofMinutes(10)));

	@Test
	void growsByTheMultiplierUpToTheMax() {
		assertThat(delays(Duration.ofSeconds(1), 5)).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
				Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5));
	}

	@Test
	void aChildThatRanResetAfterStartsOverAtInitial() {
		delays(Duration.ofSeconds(1), 3);
		assertThat(this.backoff.next(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.backoff.next(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void resetAfterIsMeasuredOnTheTicker() {
		ManualTicker ticker = new ManualTicker();
		delays(Duration.ofSeconds(1), 3);
		long started = ticker.nanoTime();
		ticker.advance(Duration.ofMinutes(10).minusNanos(1));
		assertThat(this.backoff.next(ticker.since(started))).as("just short of reset-after")
			.isEqualTo(Duration.ofSeconds(5));
		started = ticker.nanoTime();
		ticker.advance(Duration.ofMinutes(10));
		assertThat(this.backoff.next(ticker.since(started))).as("ran reset-after").isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void resetStartsOverAtInitial() {
		delays(Duration.ofSeconds(1), 3);
		this.backoff.reset();
		assertThat(this.backoff.next(Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void anInitialAboveTheMaxIsCapped() {
		Backoff capped = new Backoff(
				new BackoffProperties(Duration.ofMinutes(5), Duration.ofSeconds(5), 2.0, Duration.ofMinutes(10)));
		assertThat(capped.next(Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
	}

	private List<Duration> delays(Duration ranFor, int count) {
		List<Duration> delays = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			delays.add(this.backoff.next(ranFor));
		}
		return delays;
	}

}
