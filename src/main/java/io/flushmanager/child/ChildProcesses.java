package io.flushmanager.child;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import io.flushmanager.child.ChildEvent.Type;
import io.flushmanager.config.ChildProperties;
import io.flushmanager.config.Durations;
import io.flushmanager.config.Signal;
import io.flushmanager.time.Ticker;

/**
 * The operations on the child's process, without any state of their own: spawn it, stop
 * its tree, signal it, and clean up after it exited on its own. Called on the supervisor
 * thread only, the one thread that may spawn.
 */
final class ChildProcesses {

	// The supervisor's own lines keep the logger name operators know.
	private static final Log logger = LogFactory.getLog(ChildSupervisor.class);

	/** How long the output may take to reach EOF once the tree is gone. */
	private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);

	private final ChildProperties properties;

	private final ChildLauncher launcher;

	private final ProcessTree tree;

	private final OutputSink output;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Ticker ticker;

	private final SupervisorProbe probe;

	private final StartGrace grace;

	ChildProcesses(ChildProperties properties, ChildLauncher launcher, ProcessTree tree, OutputSink output,
			ApplicationEventPublisher events, Clock clock, Ticker ticker, SupervisorProbe probe) {
		this.properties = properties;
		this.grace = new StartGrace(properties.startGrace());
		this.launcher = launcher;
		this.tree = tree;
		this.output = output;
		this.events = events;
		this.clock = clock;
		this.ticker = ticker;
		this.probe = probe;
	}

	Containment containment() {
		return this.tree.containment();
	}

	/**
	 * Spawn the child, with {@link ChildSpawning} published just before, and start
	 * reading its output.
	 * @param reason why it starts
	 * @return the running child
	 * @throws IOException when it cannot be run
	 */
	RunningChild spawn(RestartReason reason) throws IOException {
		Path command = this.launcher.resolve();
		logger.info("Starting child process: " + command + " [" + String.join(" ", this.properties.args()) + "]");
		this.events.publishEvent(new ChildSpawning(reason));
		Process process = this.launcher.spawn(command);
		this.tree.containment().adopt(process);
		long now = this.ticker.nanoTime();
		this.probe.spawned(now);
		// Before the pumps start, so that this line comes before the child's own.
		logger.info("Child process started with PID: " + process.pid());
		return RunningChild.attach(process, reason, this.clock.instant(), now, this.output);
	}

	/**
	 * Stop the child's tree: the stop signal, {@code stop-timeout}, then SIGKILL; and
	 * wait for its output.
	 * @param child the child
	 * @param reason why it stops
	 * @return how it ended
	 * @throws InterruptedException if interrupted while waiting
	 */
	Stopped stop(RunningChild child, RestartReason reason) throws InterruptedException {
		long pid = child.pid();
		Duration timeout = this.properties.stopTimeout();
		Signal signal = this.properties.stopSignal();
		logger.info("Stopping child process (PID: " + pid + ") with timeout: " + Durations.format(timeout));
		StopResult result = this.tree.stop(child.process(), this.launcher.ownsProcessGroup(), signal, timeout);
		this.probe.stopped(result);
		drain(child);
		ExitStatus exit = ExitStatus.of(child.process().exitValue());
		Instant now = this.clock.instant();
		String detail;
		if (result.graceful()) {
			logger.info("Child process (PID: " + pid + ") stopped gracefully");
			detail = "stopped by SIG" + signal.name();
		}
		else {
			logger.warn("Child process (PID: " + pid + ") did not stop within " + Durations.format(timeout)
					+ " after SIG" + signal.name() + ": killed its process tree with SIGKILL");
			detail = "killed with SIGKILL after stop-timeout " + Durations.format(timeout);
		}
		return new Stopped(new ChildExit(exit.code(), exit.signal(), now, reason), new ChildEvent(now, Type.STOPPED,
				reason, pid, exit.code(), exit.signal(), child.ranFor(result.exitSeenNanos()), detail));
	}

	/**
	 * After the child exited on its own: stop what it left in its group, wait for its
	 * output, and tell how it ended.
	 * @param child the child
	 * @param endNanos the ticker's time when its exit was seen
	 * @return how it ended
	 * @throws InterruptedException if interrupted while waiting
	 */
	Exited exited(RunningChild child, long endNanos) throws InterruptedException {
		if (this.launcher.ownsProcessGroup()) {
			this.tree.stopLeftovers(child.pid(), this.properties.stopSignal(), this.properties.stopTimeout());
		}
		drain(child);
		int raw = child.process().exitValue();
		Duration ranFor = child.ranFor(endNanos);
		String detail = this.grace.failedStart(ranFor)
				? "failed start: exited before start-grace (" + Durations.format(this.grace.grace()) + ")" : null;
		return new Exited(child.pid(), ExitStatus.of(raw), ranFor, this.clock.instant(), detail,
				this.launcher.execFailure(raw, child.firstErrorLine()));
	}

	/**
	 * Send a signal to the child's group (or the child alone).
	 * @param child the child
	 * @param signal the signal
	 * @param sent completed when sent, failed when not
	 */
	void signal(RunningChild child, Signal signal, CompletableFuture<Void> sent) {
		try {
			this.tree.signal(signal, child.process(), this.launcher.ownsProcessGroup());
			logger.info("Sent SIG" + signal.name() + " to child process (PID: " + child.pid() + ")"
					+ (this.launcher.ownsProcessGroup() ? " and its process group" : ""));
			sent.complete(null);
		}
		catch (IOException ex) {
			logger.warn("Could not send SIG" + signal.name() + " to child process (PID: " + child.pid() + "): "
					+ ex.getMessage());
			sent.completeExceptionally(ex);
		}
	}

	private void drain(RunningChild child) throws InterruptedException {
		if (!child.awaitOutput(OUTPUT_DRAIN)) {
			logger.warn("The output of child process (PID: " + child.pid() + ") is still open "
					+ Durations.format(OUTPUT_DRAIN) + " after its exit (a process outside its tree holds it); "
					+ "not waiting for it any longer");
		}
	}

	/**
	 * A requested stop, done.
	 *
	 * @param exit how the child ended
	 * @param event the event to record
	 */
	record Stopped(ChildExit exit, ChildEvent event) {

	}

	/**
	 * An exit on its own, seen.
	 *
	 * @param pid the child's PID
	 * @param status the exit status
	 * @param ranFor how long it ran
	 * @param at when the exit was handled
	 * @param detail the failed-start note when it exited before start-grace, else
	 * {@code null}
	 * @param execFailure the wrapper's message when the command never ran, else
	 * {@code null}
	 */
	record Exited(long pid, ExitStatus status, Duration ranFor, Instant at, @Nullable String detail,
			@Nullable String execFailure) {

		ChildExit lastExit() {
			return new ChildExit(this.status.code(), this.status.signal(), this.at, RestartReason.CRASH);
		}

		ChildEvent event() {
			return new ChildEvent(this.at, Type.EXITED, RestartReason.CRASH, this.pid, this.status.code(),
					this.status.signal(), this.ranFor, this.detail);
		}

		/** Whether it was a clean end: exit code 0 after start-grace. */
		boolean clean() {
			return this.status.success() && this.detail == null;
		}

		String describe() {
			return "Child process (PID: " + this.pid + ") exited " + this.status.describe() + " after "
					+ Durations.format(this.ranFor) + ((this.detail != null) ? " (" + this.detail + ")" : "");
		}

	}

}
