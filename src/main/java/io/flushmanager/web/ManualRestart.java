package io.flushmanager.web;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.RestartReason;
import io.flushmanager.child.RestartResult;

/**
 * A restart asked for over HTTP ({@code POST /api/child/restart} or
 * {@code POST /actuator/restart}). It only passes the request on: the supervisor already
 * makes concurrent calls share one restart, so every caller waiting here gets the same
 * result.
 */
public class ManualRestart {

	private static final Log logger = LogFactory.getLog(ManualRestart.class);

	private final ChildControl child;

	private final Duration timeout;

	/**
	 * @param child the supervisor
	 * @param timeout how long a caller waits for the restart before getting {@code 503};
	 * it should exceed the child's stop timeout, since a restart includes a stop
	 */
	public ManualRestart(ChildControl child, Duration timeout) {
		this.child = child;
		this.timeout = timeout;
	}

	/**
	 * Restart the child and wait for the new one to be spawned.
	 * @param via who asked, for the log
	 * @return the shared result
	 * @throws ResponseStatusException {@code 503} when the restart failed or took longer
	 * than the timeout
	 */
	public RestartResult run(String via) {
		logger.info("Manual restart of the child requested via " + via);
		try {
			return this.child.restart(RestartReason.MANUAL).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw unavailable("The restart did not complete within " + this.timeout
					+ "; it goes on in the background, see GET /api/child", null);
		}
		catch (ExecutionException | CancellationException ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			throw unavailable("The restart failed: " + cause.getMessage(), cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable("Interrupted while waiting for the restart", ex);
		}
	}

	private static ResponseStatusException unavailable(String message, Throwable cause) {
		logger.warn(message, cause);
		return new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, message, cause);
	}

}
