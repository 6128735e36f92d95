package io.flushmanager.reload;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.flushmanager.watch.ChangeOutcome;

/**
 * Waits for a request to the supervisor on behalf of a reload, turning its failure into
 * an outcome that says why. Nothing is logged here: the coordinator logs each outcome
 * once.
 */
final class Await {

	private Await() {
	}

	static <T> ChangeOutcome outcome(CompletableFuture<T> request, Duration timeout, String what,
			Function<T, ChangeOutcome> done) {
		try {
			return done.apply(request.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ChangeOutcome.reloadFailed(what + " interrupted");
		}
		catch (ExecutionException ex) {
			return ChangeOutcome.reloadFailed(what + " failed: " + Failures.describe(ex.getCause()));
		}
		catch (TimeoutException ex) {
			return ChangeOutcome.reloadFailed(what + " timed out after " + timeout.toMillis() + "ms");
		}
	}

}
