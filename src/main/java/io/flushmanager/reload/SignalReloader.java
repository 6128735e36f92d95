package io.flushmanager.reload;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.flushmanager.child.ChildControl;
import io.flushmanager.config.Signal;
import io.flushmanager.watch.ConfirmedChange;

/**
 * The {@code signal} strategy: sends {@code reload.signal} to the child, which re-reads its config itself.
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
	public boolean reload(ConfirmedChange change) {
		Long pid = this.child.status().pid();
		boolean sent = Await.result(this.child.signal(this.signal).thenApply((ignored) -> true), TIMEOUT,
				"Sending SIG" + this.signal + " to the child", logger)
			.orElse(false);
		if (sent) {
			logger.info("Config file change detected, sent SIG" + this.signal + " to child process (PID: " + pid + ")");
		}
		return sent;
	}

}
