package io.flushmanager.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.RestartReason;
import io.flushmanager.config.Signal;

/**
 * What the service does with the signals sent to its own JVM (HELP.md, "Signals").
 * Without this, HotSpot ends the JVM on SIGHUP (a shutdown) and on SIGUSR1/SIGUSR2 (at
 * once, no shutdown at all, so the child is SIGKILLed by its parent-death signal).
 * <ul>
 * <li>SIGHUP restarts the child, as {@code POST /api/child/restart} does.</li>
 * <li>SIGUSR1 and SIGUSR2 are forwarded to the child's process group.</li>
 * <li>SIGTERM and SIGINT are left to the JVM: Spring's shutdown hook stops the child
 * gracefully.</li>
 * <li>SIGQUIT is HotSpot's (a thread dump on stdout); it cannot be handled.</li>
 * </ul>
 * Handlers are process-wide: they are installed when the context starts, after the child,
 * and go inert (log and ignore) once its shutdown has begun, since no child may start
 * then. They are not put back to the JVM's defaults, which would make a late SIGUSR1 kill
 * the JVM in the middle of its graceful stop.
 */
public class ServiceSignals implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ServiceSignals.class);

	private final ChildControl child;

	private volatile boolean running;

	public ServiceSignals(ChildControl child) {
		this.child = child;
	}

	@Override
	public void start() {
		List<String> handled = new ArrayList<>();
		install(Signal.HUP, this::restartChild, handled);
		install(Signal.USR1, this::forwardToChild, handled);
		install(Signal.USR2, this::forwardToChild, handled);
		this.running = true;
		logger.info("Signals: " + String.join(", ", handled)
				+ "; SIGTERM/SIGINT shut down gracefully (see HELP.md, Signals)");
	}

	private void install(Signal signal, Consumer<Signal> action, List<String> handled) {
		String name = "SIG" + signal.name();
		try {
			sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal(signal.name()), (received) -> {
				if (!this.running) {
					logger.info("Received " + name + " during shutdown: ignored");
					return;
				}
				action.accept(signal);
			});
			if (previous == sun.misc.SignalHandler.SIG_IGN && signal == Signal.HUP) {
				// The JVM keeps a SIGHUP that was ignored at its start ignored and
				// installs nothing. The child gets it back at its default
				// (IgnoredSignals), so reload.signal=HUP still reaches it.
				logger.warn("SIGHUP was ignored when the service started (nohup, or a parent that ignores it): "
						+ "it does not restart the child. Start the service without nohup for that.");
				return;
			}
			handled.add(name + " " + ((signal == Signal.HUP) ? "restarts the child" : "is forwarded to the child"));
		}
		catch (IllegalArgumentException | UnsupportedOperationException ex) {
			// Reserved by this JVM (e.g. with -Xrs or a JVM that uses it itself): it
			// keeps its default.
			logger.warn("Cannot handle " + name + " on this JVM (" + ex.getMessage() + "): it keeps the JVM's default");
		}
	}

	private void restartChild(Signal signal) {
		logger.info("Received SIGHUP: restarting the child (a manual restart)");
		this.child.restart(RestartReason.MANUAL).whenComplete((result, ex) -> {
			if (ex != null) {
				logger.warn("Restart after SIGHUP failed: " + ex.getMessage());
			}
			else {
				logger.info("Restart after SIGHUP done: PID " + result.previousPid() + " -> " + result.pid() + ", "
						+ result.state());
			}
		});
	}

	private void forwardToChild(Signal signal) {
		logger.info("Received SIG" + signal.name() + ": forwarding it to the child");
		this.child.signal(signal).whenComplete((done, ex) -> {
			if (ex != null) {
				logger.warn("SIG" + signal.name() + " not forwarded: " + ex.getMessage());
			}
		});
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Starts after the child supervisor and stops before it, as the default phase is the
	 * last to start.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
