package io.flushmanager.child;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.flushmanager.child.ExitPolicy.Decision;
import io.flushmanager.child.ExitPolicy.Outcome;
import io.flushmanager.config.BackoffProperties;
import io.flushmanager.config.ChildProperties.RestartPolicy;
import io.flushmanager.support.ManualTicker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every restart policy, decided without a child: exit code and run time come from a
 * manual ticker.
 */
class ExitPolicyTest {

	private static final BackoffProperties BACKOFF = new BackoffProperties(Duration.ofSeconds(1), Duration.ofSeconds(5),
			2.0, Duration.ofMinutes(10));

	private static final ExitStatus SUCCESS = ExitStatus.of(0);

	private static final ExitStatus FAILURE = ExitStatus.of(3);

	private static final ExitStatus KILLED = ExitStatus.of(128 + 9);

	private final ManualTicker ticker = new ManualTicker();

	@Test
	void alwaysRestartsAfterAnyExitWithTheBackoffDelay() {
		ExitPolicy policy = new ExitPolicy(RestartPolicy.ALWAYS, BACKOFF);
		assertThat(policy.decide(SUCCESS, ran(Duration.ofSeconds(2)))).satisfies((decision) -> {
			assertThat(decision.outcome()).isEqualTo(Outcome.RESTART);
			assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(1));
			assertThat(decision.policyName()).isEqualTo("always");
		});
		assertThat(policy.decide(FAILURE, ran(Duration.ofSeconds(2))).delay()).isEqualTo(Duration.ofSeconds(2));
		assertThat(policy.decide(KILLED, ran(Duration.ofSeconds(2))).delay()).isEqualTo(Duration.ofSeconds(4));
	}

	@Test
	void onFailureStaysStoppedAfterExitZero() {
		Decision decision = new ExitPolicy(RestartPolicy.ON_FAILURE, BACKOFF).decide(SUCCESS,
				ran(Duration.ofSeconds(2)));
		assertThat(decision.outcome()).isEqualTo(Outcome.STAY_STOPPED);
		assertThat(decision.policyName()).isEqualTo("on-failure");
	}

	@Test
	void onFailureRestartsAfterANonZeroCodeOrASignal() {
		ExitPolicy policy = new ExitPolicy(RestartPolicy.ON_FAILURE, BACKOFF);
		assertThat(policy.decide(FAILURE, ran(Duration.ofSeconds(2))).outcome()).isEqualTo(Outcome.RESTART);
		assertThat(policy.decide(KILLED, ran(Duration.ofSeconds(2)))).satisfies((decision) -> {
			assertThat(decision.outcome()).isEqualTo(Outcome.RESTART);
			assertThat(decision.delay()).as("the second exit in a row").isEqualTo(Duration.ofSeconds(2));
		});
	}

	@Test
	void neverStaysStoppedWhateverTheExit() {
		ExitPolicy policy = new ExitPolicy(RestartPolicy.NEVER, BACKOFF);
		assertThat(policy.decide(SUCCESS, ran(Duration.ZERO)).outcome()).isEqualTo(Outcome.STAY_STOPPED);
		assertThat(policy.decide(FAILURE, ran(Duration.ZERO)).outcome()).isEqualTo(Outcome.STAY_STOPPED);
		assertThat(policy.decide(KILLED, ran(Duration.ZERO)).outcome()).isEqualTo(Outcome.STAY_STOPPED);
	}

	@Test
	void exitEndsTheServiceWithTheChildsRawStatus() {
		ExitPolicy policy = new ExitPolicy(RestartPolicy.EXIT, BACKOFF);
		assertThat(policy.decide(FAILURE, ran(Duration.ofSeconds(2)))).satisfies((decision) -> {
			assertThat(decision.outcome()).isEqualTo(Outcome.END_SERVICE);
			assertThat(decision.exitCode()).isEqualTo(3);
		});
		assertThat(policy.decide(SUCCESS, ran(Duration.ofSeconds(2))).exitCode()).isZero();
		assertThat(policy.decide(KILLED, ran(Duration.ofSeconds(2))).exitCode()).as("the shell's code for SIGKILL")
			.isEqualTo(137);
	}

	@Test
	void resetStartsTheDelaysOverAfterAnOperatorRestart() {
		ExitPolicy policy = new ExitPolicy(RestartPolicy.ALWAYS, BACKOFF);
		policy.decide(FAILURE, ran(Duration.ZERO));
		policy.decide(FAILURE, ran(Duration.ZERO));
		policy.reset();
		assertThat(policy.decide(FAILURE, ran(Duration.ZERO)).delay()).isEqualTo(Duration.ofSeconds(1));
	}

	/** A child's run time as the supervisor measures it: between two ticker readings. */
	private Duration ran(Duration time) {
		long started = this.ticker.nanoTime();
		this.ticker.advance(time);
		return this.ticker.since(started);
	}

}
