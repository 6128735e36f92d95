package io.flushmanager.child;

import java.time.Duration;

import io.flushmanager.config.BackoffProperties;
import io.flushmanager.config.ChildProperties.RestartPolicy;

/**
 * What follows an exit of the child on its own, by {@code restart-policy}: a restart
 * after a backoff delay, staying stopped, or the end of the service. Owns the backoff;
 * used by the supervisor thread only.
 */
final class ExitPolicy {

	private final RestartPolicy policy;

	private final Backoff backoff;

	ExitPolicy(RestartPolicy policy, BackoffProperties backoff) {
		this.policy = policy;
		this.backoff = new Backoff(backoff);
	}

	/**
	 * Decide, and advance the backoff when the decision is a restart.
	 * @param exit how the child ended
	 * @param ranFor how long it ran
	 * @return the decision
	 */
	Decision decide(ExitStatus exit, Duration ranFor) {
		return switch (this.policy) {
			case EXIT -> new Decision(Outcome.END_SERVICE, Duration.ZERO, exit.raw(), this.policy);
			case NEVER -> stay();
			case ON_FAILURE -> exit.success() ? stay() : restart(ranFor);
			case ALWAYS -> restart(ranFor);
		};
	}

	/**
	 * A new situation (an operator or a new config restarted the child): no crash loop's
	 * delay is kept.
	 */
	void reset() {
		this.backoff.reset();
	}

	private Decision stay() {
		return new Decision(Outcome.STAY_STOPPED, Duration.ZERO, 0, this.policy);
	}

	private Decision restart(Duration ranFor) {
		return new Decision(Outcome.RESTART, this.backoff.next(ranFor), 0, this.policy);
	}

	/** What a decision leads to. */
	enum Outcome {

		/** Start the child again after {@link Decision#delay()}. */
		RESTART,
		/** Leave the child stopped. */
		STAY_STOPPED,
		/** End the service with {@link Decision#exitCode()}. */
		END_SERVICE

	}

	/**
	 * A decision after an exit.
	 *
	 * @param outcome what to do
	 * @param delay the delay before a restart, else zero
	 * @param exitCode the service's exit code for {@link Outcome#END_SERVICE}, else 0
	 * @param policy the policy that decided
	 */
	record Decision(Outcome outcome, Duration delay, int exitCode, RestartPolicy policy) {

		/** The policy as written in the configuration, such as {@code on-failure}. */
		String policyName() {
			return this.policy.name().toLowerCase().replace('_', '-');
		}

	}

}
