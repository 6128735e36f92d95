package io.flushmanager.reload.stage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.flushmanager.support.ManualTicker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verification policy on a manual ticker: checks combine with "and", stable-for is
 * waited out, a check that never passes (or hangs) ends at the timeout, and a child exit
 * fails at once.
 */
class VerifierTest {

	private final ManualTicker ticker = new ManualTicker();

	private final Verifier.Pause pause = this.ticker::advance;

	private Verifier verifier(Duration stableFor, Duration timeout) {
		return new Verifier(this.ticker, this.pause, stableFor, timeout);
	}

	/**
	 * Passes from the given attempt on; each attempt takes {@code cost} of ticker time.
	 */
	private Verifier.Check check(String name, int passFrom, Duration cost, AtomicInteger attempts) {
		return new Verifier.Check() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public @Nullable String attempt(Duration budget) {
				VerifierTest.this.ticker.advance((cost.compareTo(budget) < 0) ? cost : budget);
				return (attempts.incrementAndGet() >= passFrom) ? null : name + " answered 503";
			}

		};
	}

	@Test
	void passesWhenEveryCheckPasses() throws InterruptedException {
		AtomicInteger http = new AtomicInteger();
		AtomicInteger tcp = new AtomicInteger();
		Verifier.Verdict verdict = verifier(Duration.ZERO, Duration.ofSeconds(30))
			.verify(List.of(check("http", 3, Duration.ZERO, http), check("tcp", 1, Duration.ZERO, tcp)), () -> null);
		assertThat(verdict.passed()).isTrue();
		assertThat(http).hasValue(3);
		// A passed check is not asked again.
		assertThat(tcp).hasValue(1);
		assertThat(verdict.took()).isEqualTo(Verifier.ROUND.multipliedBy(2));
	}

	@Test
	void allChecksMustPassWithinTheTimeout() throws InterruptedException {
		AtomicInteger ok = new AtomicInteger();
		AtomicInteger never = new AtomicInteger();
		Verifier.Verdict verdict = verifier(Duration.ZERO, Duration.ofSeconds(5)).verify(
				List.of(check("tcp", 1, Duration.ZERO, ok), check("http", Integer.MAX_VALUE, Duration.ZERO, never)),
				() -> null);
		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.cause()).contains("not verified within 5s")
			.contains("http answered 503")
			.doesNotContain("tcp");
		assertThat(verdict.took()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void aHangingCheckIsBoundedByTheTimeout() throws InterruptedException {
		AtomicInteger attempts = new AtomicInteger();
		// Each attempt uses all the budget it gets, as a URL that never answers does.
		Verifier.Verdict verdict = verifier(Duration.ZERO, Duration.ofSeconds(3))
			.verify(List.of(check("http", Integer.MAX_VALUE, Duration.ofHours(1), attempts)), () -> null);
		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.took()).isEqualTo(Duration.ofSeconds(3));
		assertThat(attempts).hasValue(1);
	}

	@Test
	void waitsOutStableForEvenWhenChecksPassAtOnce() throws InterruptedException {
		Verifier.Verdict verdict = verifier(Duration.ofSeconds(2), Duration.ofSeconds(30))
			.verify(List.of(check("log", 1, Duration.ZERO, new AtomicInteger())), () -> null);
		assertThat(verdict.passed()).isTrue();
		assertThat(verdict.took()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void withStableForEveryCheckMustHoldAgainAtTheEnd() throws InterruptedException {
		long start = this.ticker.nanoTime();
		// Passes at first (the old config still answers), fails once the child applied
		// the bad one.
		Verifier.Check flips = new Verifier.Check() {

			@Override
			public String name() {
				return "http";
			}

			@Override
			public @Nullable String attempt(Duration budget) {
				return (VerifierTest.this.ticker.since(start).compareTo(Duration.ofMillis(500)) < 0) ? null
						: "http failed: ConnectException";
			}

		};
		Verifier.Verdict verdict = verifier(Duration.ofSeconds(1), Duration.ofSeconds(3)).verify(List.of(flips),
				() -> null);
		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.cause()).contains("http failed: ConnectException");
	}

	@Test
	void aChildExitInTheWindowFailsAtOnce() throws InterruptedException {
		long start = this.ticker.nanoTime();
		Verifier.Verdict verdict = verifier(Duration.ofSeconds(10), Duration.ofSeconds(30)).verify(List.of(),
				() -> (this.ticker.since(start).compareTo(Duration.ofSeconds(2)) >= 0) ? "exited (code 3)" : null);
		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.cause()).isEqualTo("the child exited (code 3) during verification");
		assertThat(verdict.took()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void stableForLongerThanTheTimeoutFails() throws InterruptedException {
		Verifier.Verdict verdict = verifier(Duration.ofSeconds(10), Duration.ofSeconds(1)).verify(List.of(),
				() -> null);
		assertThat(verdict.passed()).isFalse();
		assertThat(verdict.cause()).contains("did not stay up for 10s");
	}

}
