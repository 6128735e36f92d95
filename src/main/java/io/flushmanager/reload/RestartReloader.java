package io.flushmanager.reload;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.RestartReason;
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
		return Await.result(this.child.restart(RestartReason.CONFIG_CHANGE), this.timeout,
				"Restarting the child after a config change", logger)
			.map((result) -> result.pid() != null)
			.orElse(false);
	}

}
