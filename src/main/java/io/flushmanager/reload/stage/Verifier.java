package io.flushmanager.reload.stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.flushmanager.config.Durations;
import io.flushmanager.time.Ticker;

/**
 * Verifies one reload: every check must pass (they combine with "and"), the child must
 * stay up for {@code stable-for}, all within {@code timeout}. Each check is retried until
 * it passes; an attempt gets at most what is left of the timeout, so a URL that hangs
 * cannot stretch the verification. Time comes from a {@link Ticker} and pauses from a
 * {@link Pause}, so the policy is tested without waiting.
 * <p>
 * A signalled or called child may apply its config after it answered: a check that passes
 * at once may still see the old config. With {@code stable-for}, every check is therefore
 * asked once more at the end of the window, and the verification passes only when they
 * all hold then.
 */
final class Verifier {

	/** Between two rounds of attempts. */
	static final Duration ROUND = Duration.ofMillis(25);

	private final Ticker ticker;

	private final Pause pause;

	private final Duration stableFor;

	private final Duration timeout;

	Verifier(Ticker ticker, Pause pause, Duration stableFor, Duration timeout) {
		this.ticker = ticker;
		this.pause = pause;
		this.stableFor = stableFor;
		this.timeout = timeout;
	}

	/**
	 * Run the checks.
	 * @param checks the checks to pass
	 * @param child tells whether the child reloaded is still the one running
	 * @return the verdict
	 * @throws InterruptedException if interrupted while waiting
	 */
	Verdict verify(List<Check> checks, ChildWatch child) throws InterruptedException {
		long start = this.ticker.nanoTime();
		List<Check> open = new ArrayList<>(checks);
		boolean confirming = false;
		List<String> missing = new ArrayList<>();
		java.util.Map<Check, String> last = new java.util.HashMap<>();
		while (true) {
			String gone = child.exited();
			if (gone != null) {
				return Verdict.failed("the child " + gone + " during verification", this.ticker.since(start));
			}
			missing.clear();
			for (Check check : List.copyOf(open)) {
				Duration left = this.timeout.minus(this.ticker.since(start));
				if (left.isNegative() || left.isZero()) {
					missing.add(last.getOrDefault(check, check.name() + ": not tried"));
					continue;
				}
				String problem = check.attempt(left);
				if (problem == null) {
					open.remove(check);
				}
				else {
					last.put(check, problem);
					missing.add(problem);
				}
			}
			Duration took = this.ticker.since(start);
			boolean stable = took.compareTo(this.stableFor) >= 0;
			if (open.isEmpty() && stable) {
				if (!confirming && !this.stableFor.isZero() && !checks.isEmpty()) {
					// At the end of the window every check is asked again, and must hold
					// then.
					confirming = true;
					open.addAll(checks);
					continue;
				}
				// Once more: the child may have died while the last check ran.
				gone = child.exited();
				return (gone != null) ? Verdict.failed("the child " + gone + " during verification", took)
						: Verdict.passed(took);
			}
			if (took.compareTo(this.timeout) >= 0) {
				if (open.isEmpty()) {
					missing.add("the child did not stay up for " + Durations.format(this.stableFor));
				}
				return Verdict.failed(
						"not verified within " + Durations.format(this.timeout) + ": " + String.join("; ", missing),
						took);
			}
			this.pause.pause(ROUND);
		}
	}

	/** One check of a reload, retried until it passes. */
	interface Check {

		/** What it checks, for messages. */
		String name();

		/**
		 * One attempt.
		 * @param budget the time left: an attempt must not take longer
		 * @return {@code null} when passed, else what is missing ("http://…/health
		 * answered 503")
		 * @throws InterruptedException if interrupted
		 */
		@Nullable String attempt(Duration budget) throws InterruptedException;

	}

	/** Whether the reloaded child is still the one running. */
	@FunctionalInterface
	interface ChildWatch {

		/**
		 * @return {@code null} while it runs, else what happened ("exited")
		 */
		@Nullable String exited();

	}

	/** Waits between rounds; tests advance a manual ticker instead. */
	@FunctionalInterface
	interface Pause {

		Pause SLEEP = (duration) -> Thread.sleep(duration.toMillis());

		void pause(Duration duration) throws InterruptedException;

	}

	/**
	 * The outcome of a verification.
	 *
	 * @param passed whether every check passed in time
	 * @param cause what failed, or {@code null}
	 * @param took how long it took
	 */
	record Verdict(boolean passed, @Nullable String cause, Duration took) {

		static Verdict passed(Duration took) {
			return new Verdict(true, null, took);
		}

		static Verdict failed(String cause, Duration took) {
			return new Verdict(false, cause, took);
		}

	}

}
