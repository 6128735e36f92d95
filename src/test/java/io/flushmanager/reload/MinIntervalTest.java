package io.flushmanager.reload;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.flushmanager.support.ManualTicker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reload.min-interval} on a manual ticker.
 */
class MinIntervalTest {

	private final ManualTicker ticker = new ManualTicker();

	@Test
	void theFirstReloadNeverWaits() {
		assertThat(new MinInterval(Duration.ofSeconds(10), this.ticker).remaining()).isZero();
	}

	@Test
	void theNextReloadWaitsWhatIsLeftOfTheInterval() {
		MinInterval interval = new MinInterval(Duration.ofSeconds(10), this.ticker);
		interval.reloaded();
		assertThat(interval.remaining()).isEqualTo(Duration.ofSeconds(10));
		this.ticker.advance(Duration.ofSeconds(4));
		assertThat(interval.remaining()).isEqualTo(Duration.ofSeconds(6));
		this.ticker.advance(Duration.ofSeconds(6));
		assertThat(interval.remaining()).isZero();
		this.ticker.advance(Duration.ofSeconds(60));
		assertThat(interval.remaining()).isZero();
	}

	@Test
	void eachReloadStartsTheIntervalOver() {
		MinInterval interval = new MinInterval(Duration.ofSeconds(10), this.ticker);
		interval.reloaded();
		this.ticker.advance(Duration.ofSeconds(30));
		interval.reloaded();
		this.ticker.advance(Duration.ofSeconds(1));
		assertThat(interval.remaining()).isEqualTo(Duration.ofSeconds(9));
	}

	@Test
	void aZeroIntervalNeverWaits() {
		MinInterval interval = new MinInterval(Duration.ZERO, this.ticker);
		interval.reloaded();
		assertThat(interval.remaining()).isZero();
	}

}
