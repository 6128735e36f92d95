package io.flushmanager.reload;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.flushmanager.child.ChildControl;
import io.flushmanager.config.Signal;
import io.flushmanager.watch.ChangeOutcome;
import io.flushmanager.watch.ConfirmedChange;

/**
 * The {@code signal} strategy: sends {@code reload.signal} to the child, which re-reads
 * its config itself.
 */
class SignalReloader implements Reloader {

	private static final Log logger = LogFactory.getLog(SignalReloader.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ChildControl child;

	private final Signal signal;

	SignalReloader(ChildControl child, Signal signal) {
		this.child = child;
		this.signal = signal;
	}

	@Override
	public ChangeOutcome reload(ConfirmedChange change) {
		Long pid = this.child.status().pid();
		ChangeOutcome outcome = Await.outcome(this.child.signal(this.signal), TIMEOUT, "SIG" + this.signal,
				(ignored) -> ChangeOutcome.reloaded());
		if (outcome.succeeded()) {
			logger.info("Config file change detected, sent SIG" + this.signal + " to child process (PID: " + pid + ")");
		}
		return outcome;
	}

}
