package io.flushmanager.reload;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;

/**
 * Waits for a request to the supervisor on behalf of a reload, turning its failure into a logged error.
 */
final class Await {

	private Await() {
	}

	static <T> Optional<T> result(CompletableFuture<T> request, Duration timeout, String what, Log logger) {
		try {
			return Optional.ofNullable(request.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		catch (ExecutionException ex) {
			logger.error(what + " failed: " + ex.getCause().getMessage());
			return Optional.empty();
		}
		catch (TimeoutException ex) {
			logger.error(what + " did not finish within " + timeout.toMillis() + "ms");
			return Optional.empty();
		}
	}

}
