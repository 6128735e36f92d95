package io.flushmanager.child;

import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.config.ChildProperties;
import io.flushmanager.config.Durations;
import io.flushmanager.time.Ticker;

/**
 * What follows when the child exits on its own: the leftovers of its tree are stopped,
 * the exit is recorded, and the {@link ExitPolicy} decides: a restart after the backoff
 * delay, staying stopped, or the end of the service. While a reload is being verified the
 * decision waits ({@link HeldExit}). Used on the supervisor thread only, except
 * {@link #hold()}.
 */
final class ChildExits {

	// The supervisor's own lines keep the logger name operators know.
	private static final Log logger = LogFactory.getLog(ChildSupervisor.class);

	private final ExitPolicy policy;

	private final HeldExit held = new HeldExit();

	private final ChildRecord record;

	private final ChildProcesses processes;

	private final CommandLoop loop;

	private final ServiceExit serviceExit;

	private final Ticker ticker;

	private final Consumer<RestartReason> respawn;

	private final FailedStart failedStart;

	/**
	 * The exits of one supervisor's child.
	 * @param properties the child's settings (restart policy and backoff)
	 * @param record the child's record
	 * @param processes the operations on its process
	 * @param loop the supervisor's command loop, for the backoff timer
	 * @param serviceExit ends the service ({@code restart-policy: exit})
	 * @param ticker the time the run's length is taken on
	 * @param respawn starts the child again after the backoff delay
	 * @param failedStart reports a command the wrapper could not run
	 */
	ChildExits(ChildProperties properties, ChildRecord record, ChildProcesses processes, CommandLoop loop,
			ServiceExit serviceExit, Ticker ticker, Consumer<RestartReason> respawn, FailedStart failedStart) {
		this.policy = new ExitPolicy(properties.restartPolicy(), properties.backoff());
		this.record = record;
		this.processes = processes;
		this.loop = loop;
		this.serviceExit = serviceExit;
		this.ticker = ticker;
		this.respawn = respawn;
		this.failedStart = failedStart;
	}

	/** A reload is being verified: decisions wait. Any thread. */
	void hold() {
		this.held.hold();
	}

	/**
	 * The verification is over: a decision kept meanwhile applies, if nobody started the
	 * child again.
	 */
	void release() {
		ExitPolicy.Decision decision = this.held.release();
		if (decision != null && this.record.current() == null && this.record.state() == ChildState.STOPPED) {
			// Nobody restarted the child after the failed verification: the policy
			// applies after all.
			follow(decision);
		}
	}

	/** A new child starts: a decision kept for the last one no longer applies. */
	void forget() {
		this.held.forget();
	}

	/** A restart was asked for: the backoff starts over. */
	void reset() {
		this.policy.reset();
	}

	/**
	 * A child's process ended: unless a stop we asked for has seen it already, it exited
	 * on its own.
	 * @param child the child
	 * @throws InterruptedException if interrupted while stopping its leftovers
	 */
	void exited(RunningChild child) throws InterruptedException {
		if (this.record.current() != child) {
			// A stop we asked for has seen this exit already.
			return;
		}
		long endNanos = this.ticker.nanoTime();
		this.record.gone();
		this.loop.cancelTimer();
		ChildProcesses.Exited exited = this.processes.exited(child, endNanos);
		if (exited.execFailure() != null) {
			this.failedStart.cannotRun(child.reason(), child.pid(), exited.execFailure());
			return;
		}
		this.record.exited(exited);
		if (exited.clean()) {
			logger.info(exited.describe());
		}
		else {
			logger.warn(exited.describe());
		}
		ExitPolicy.Decision decision = this.policy.decide(exited.status(), exited.ranFor());
		if (this.held.keep(decision)) {
			logger.info(
					"Child process exited while a reload is being verified: the reload transaction decides what follows");
			this.record.publish();
			return;
		}
		follow(decision);
	}

	private void follow(ExitPolicy.Decision decision) {
		switch (decision.outcome()) {
			case END_SERVICE -> {
				logger.warn(
						"restart-policy is exit: the service exits with the child's exit code " + decision.exitCode());
				this.record.publish();
				this.serviceExit.exit(decision.exitCode());
			}
			case STAY_STOPPED -> {
				logger.info("Child process stays stopped (restart-policy: " + decision.policyName() + ")");
				this.record.publish();
			}
			case RESTART -> {
				this.loop.schedule(decision.delay(), () -> this.respawn.accept(RestartReason.CRASH));
				this.record.enter(ChildState.BACKOFF);
				logger.info("Restarting child process in " + Durations.format(decision.delay()) + " (restart-policy: "
						+ decision.policyName() + ")");
			}
		}
	}

	/** Reports that the child's command cannot be run (state FATAL). */
	@FunctionalInterface
	interface FailedStart {

		void cannotRun(RestartReason reason, @Nullable Long pid, @Nullable String message);

	}

}
