package io.flushmanager.reload;

import java.time.Duration;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.RestartReason;
import io.flushmanager.watch.ChangeOutcome;
import io.flushmanager.watch.ConfirmedChange;

/**
 * The {@code restart} strategy: a graceful stop, then a start, through the supervisor's
 * one restart path.
 */
class RestartReloader implements Reloader {

	private final ChildControl child;

	private final Duration timeout;

	RestartReloader(ChildControl child, Duration timeout) {
		this.child = child;
		this.timeout = timeout;
	}

	@Override
	public ChangeOutcome reload(ConfirmedChange change) {
		return Await.outcome(this.child.restart(RestartReason.CONFIG_CHANGE), this.timeout, "restart",
				(result) -> (result != null && result.pid() != null) ? ChangeOutcome.reloaded()
						: ChangeOutcome.reloadFailed("child did not start again after the restart"));
	}

}
