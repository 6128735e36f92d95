package io.flushmanager.child;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.flushmanager.support.ManualTicker;

import static org.assertj.core.api.Assertions.assertThat;

/** start-grace: an exit before it ends is a failed start. */
class StartGraceTest {

	private final ManualTicker ticker = new ManualTicker();

	private final StartGrace grace = new StartGrace(Duration.ofSeconds(2));

	@Test
	void anExitBeforeTheGraceEndsIsAFailedStart() {
		long started = this.ticker.nanoTime();
		this.ticker.advance(Duration.ofMillis(1999));
		assertThat(this.grace.failedStart(this.ticker.since(started))).isTrue();
	}

	@Test
	void anExitOnceTheGraceEndedIsNot() {
		long started = this.ticker.nanoTime();
		this.ticker.advance(Duration.ofSeconds(2));
		assertThat(this.grace.failedStart(this.ticker.since(started))).isFalse();
		this.ticker.advance(Duration.ofHours(1));
		assertThat(this.grace.failedStart(this.ticker.since(started))).isFalse();
	}

	@Test
	void zeroMeansUpAtOnceAndNoExitIsAFailedStart() {
		StartGrace none = new StartGrace(Duration.ZERO);
		assertThat(none.none()).isTrue();
		assertThat(none.failedStart(this.ticker.since(this.ticker.nanoTime()))).isFalse();
		assertThat(this.grace.none()).isFalse();
	}

}
