package io.flushmanager.reload;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.RestartReason;
import io.flushmanager.child.RestartResult;
import io.flushmanager.watch.ConfirmedChange;

/**
 * The {@code restart} strategy: a graceful stop, then a start, through the supervisor's one restart path.
 */
class RestartReloader implements Reloader {

	private static final Log logger = LogFactory.getLog(RestartReloader.class);

	private final ChildControl child;

	private final Duration timeout;

	RestartReloader(ChildControl child, Duration timeout) {
		this.child = child;
		this.timeout = timeout;
	}

	@Override
	public boolean reload(ConfirmedChange change) {
		try {
			RestartResult result = this.child.restart(RestartReason.CONFIG_CHANGE)
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return result.pid() != null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.error("Restarting the child after a config change failed: " + ex.getMessage());
			return false;
		}
	}

}
