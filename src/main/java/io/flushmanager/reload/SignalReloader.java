package io.flushmanager.reload;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

	private final ChildControl child;

	private final Signal signal;

	SignalReloader(ChildControl child, Signal signal) {
		this.child = child;
		this.signal = signal;
	}

	@Override
	public boolean reload(ConfirmedChange change) {
		Long pid = this.child.status().pid();
		try {
			this.child.signal(this.signal).get(10, TimeUnit.SECONDS);
			logger.info("Config file change detected, sent SIG" + this.signal + " to child process (PID: " + pid + ")");
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.error("Sending SIG" + this.signal + " to the child failed: "
					+ ((ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage()));
			return false;
		}
	}

}
