package io.flushmanager.support;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A condition wait whose timeout is an answer, not a failure: benchmarks count a missed
 * update and go on. Polls finely (the benchmarks time what they wait for from their own
 * logs, so the poll interval only costs CPU, never accuracy).
 */
public final class Waits {

	private static final Duration POLL = Duration.ofMillis(2);

	private Waits() {
	}

	/**
	 * Whether a condition held within a time.
	 * @param timeout how long to wait
	 * @param condition the condition
	 * @return {@code true} as soon as it holds, {@code false} after the timeout
	 */
	public static boolean within(Duration timeout, Callable<Boolean> condition) {
		return within(timeout, POLL, condition);
	}

	/**
	 * Whether a condition held within a time, asked at a given interval.
	 * @param timeout how long to wait
	 * @param interval how often to ask
	 * @param condition the condition
	 * @return {@code true} as soon as it holds, {@code false} after the timeout
	 */
	public static boolean within(Duration timeout, Duration interval, Callable<Boolean> condition) {
		try {
			await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(interval).until(condition);
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

}
