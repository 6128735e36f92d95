package io.flushmanager.child;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import io.flushmanager.child.ChildEvent.Type;
import io.flushmanager.config.Durations;

/**
 * What is known of the child: its state, the current process, starts, the last exit and a
 * bounded history. Written by the supervisor thread only; {@link #status()} is a snapshot
 * any thread may read, renewed by {@link #publish()}, so callers never see a half-made
 * change.
 */
final class ChildRecord {

	/** Events kept in the history. */
	static final int HISTORY_SIZE = 100;

	private static final Log logger = LogFactory.getLog(ChildSupervisor.class);

	private final String command;

	private final List<String> args;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Deque<ChildEvent> history = new ArrayDeque<>();

	private volatile ChildStatus status;

	// Owned by the supervisor thread.

	private ChildState state = ChildState.STOPPED;

	private @Nullable RunningChild current;

	private long starts;

	private @Nullable ChildExit lastExit;

	ChildRecord(String command, List<String> args, ApplicationEventPublisher events, Clock clock) {
		this.command = command;
		this.args = args;
		this.events = events;
		this.clock = clock;
		this.status = new ChildStatus(ChildState.STOPPED, null, command, args, null, null, 0, null, List.of());
	}

	/** The last published snapshot, with the uptime as of now. */
	ChildStatus status() {
		ChildStatus status = this.status;
		if (status.startedAt() == null) {
			return status;
		}
		Duration uptime = Duration.between(status.startedAt(), this.clock.instant());
		return new ChildStatus(status.state(), status.pid(), status.command(), status.args(), status.startedAt(),
				uptime.isNegative() ? Duration.ZERO : uptime, status.restartCount(), status.lastExit(),
				status.history());
	}

	ChildState state() {
		return this.state;
	}

	@Nullable RunningChild current() {
		return this.current;
	}

	/**
	 * A child was spawned: it is the current one, {@code STARTING} or already
	 * {@code RUNNING}.
	 */
	void started(RunningChild child, ChildState state) {
		this.current = child;
		this.starts++;
		this.state = state;
		record(new ChildEvent(child.startedAt(), Type.STARTED, child.reason(), child.pid(), null, null, null, null));
	}

	/**
	 * The child has been up for its start-grace: {@code RUNNING}, if it is still the
	 * current one and starting.
	 */
	void up(RunningChild child, Duration grace) {
		if (this.current == child && this.state == ChildState.STARTING) {
			enter(ChildState.RUNNING);
			if (logger.isDebugEnabled()) {
				logger.debug("Child process (PID: " + child.pid() + ") is up for start-grace " + Durations.format(grace)
						+ ": RUNNING");
			}
		}
	}

	/** No child process any more (its exit is being handled). */
	void gone() {
		this.current = null;
	}

	/** The child could not be run: {@code FATAL}. */
	void cannotRun(RestartReason reason, @Nullable Long pid, @Nullable String message) {
		this.current = null;
		this.state = ChildState.FATAL;
		record(new ChildEvent(this.clock.instant(), Type.START_FAILED, reason, pid, null, null, null, message));
	}

	/** A stop is under way. */
	void stopping() {
		this.state = ChildState.STOPPING;
		publish();
	}

	/** A requested stop completed. */
	void stopped(ChildProcesses.Stopped stopped) {
		this.current = null;
		this.state = ChildState.STOPPED;
		this.lastExit = stopped.exit();
		record(stopped.event());
	}

	/** The child exited on its own; what follows is the exit policy's. */
	void exited(ChildProcesses.Exited exited) {
		this.lastExit = exited.lastExit();
		this.state = ChildState.STOPPED;
		record(exited.event());
	}

	/** A new state, published at once. */
	void enter(ChildState state) {
		this.state = state;
		publish();
	}

	/**
	 * Keep an event, publish the status, then tell the listeners (whose failure changes
	 * nothing here).
	 */
	void record(ChildEvent event) {
		this.history.addFirst(event);
		while (this.history.size() > HISTORY_SIZE) {
			this.history.removeLast();
		}
		publish();
		try {
			this.events.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of child events failed: " + ex, ex);
		}
	}

	/** Make the current state the snapshot that {@link #status()} returns. */
	void publish() {
		RunningChild child = this.current;
		this.status = new ChildStatus(this.state, (child != null) ? child.pid() : null, this.command, this.args,
				(child != null) ? child.startedAt() : null, null, Math.max(0, this.starts - 1), this.lastExit,
				List.copyOf(this.history));
	}

}
