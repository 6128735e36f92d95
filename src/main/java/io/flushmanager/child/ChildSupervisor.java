package io.flushmanager.child;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import io.flushmanager.config.ChildProperties;
import io.flushmanager.config.CommandResolver;
import io.flushmanager.config.Signal;
import io.flushmanager.time.Ticker;

/**
 * Runs one child process: starts it, stops its whole tree, restarts it after exits by the
 * restart policy with backoff, and answers {@link ChildControl}. Composes the parts that
 * own each job: the {@link CommandLoop} (the one thread, {@code fm-supervisor}, that
 * makes every change in order and alone spawns), {@link SharedRestart}, the
 * {@link ChildExits} (what follows an exit, by the {@link ExitPolicy}), the
 * {@link ChildRecord} (state, status, history, events) and the {@link ChildProcesses}.
 * What remains here is the lifecycle and the state changes that tie them together.
 */
public class ChildSupervisor implements ChildControl, SmartLifecycle {

	/**
	 * Stopped after the web server stopped taking requests, before the config watcher.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(ChildSupervisor.class);

	private final boolean configured;

	private final ChildProperties properties;

	private final ChildProcesses processes;

	private final CommandLoop loop;

	private final SharedRestart restarts;

	private final ChildRecord record;

	private final StartGrace grace;

	/** Set once the service's shutdown has begun: from then on nothing spawns. */
	private volatile boolean closing;

	private final ChildExits exits;

	private final StartGate startGate;

	public ChildSupervisor(ChildProperties properties, OutputSink output, ServiceExit serviceExit,
			ApplicationEventPublisher events, Clock clock, Ticker ticker, StartGate startGate) {
		this(properties, ChildLauncher.detect(properties), ProcessTree.detect(ticker), output, serviceExit, events,
				clock, ticker, SupervisorProbe.NONE, startGate);
	}

	ChildSupervisor(ChildProperties properties, ChildLauncher launcher, ProcessTree tree, OutputSink output,
			ServiceExit serviceExit, ApplicationEventPublisher events, Clock clock, Ticker ticker,
			SupervisorProbe probe, StartGate startGate) {
		this.startGate = startGate;
		this.properties = properties;
		this.processes = new ChildProcesses(properties, launcher, tree, output, events, clock, ticker, probe);
		this.loop = new CommandLoop("fm-supervisor", ticker);
		this.restarts = new SharedRestart(this.loop);
		this.grace = new StartGrace(properties.startGrace());
		// No command: collection alone (a DaemonSet), there is no child to supervise.
		this.configured = properties.command() != null && !properties.command().isBlank();
		String command = this.configured
				? CommandResolver.resolve(properties.command()).map(Path::toString).orElse(properties.command()) : "";
		this.record = new ChildRecord(command, properties.args(), events, clock);
		this.exits = new ChildExits(properties, this.record, this.processes, this.loop, serviceExit, ticker,
				this::spawn, this::cannotRun);
	}

	/**
	 * Whether a child is configured at all ({@code flush-manager.child.command}); without
	 * one the service only collects.
	 * @return {@code true} when there is a child
	 */
	@Override
	public boolean configured() {
		return this.configured;
	}

	@Override
	public ChildStatus status() {
		return this.record.status();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The returned future is a copy of the shared one, so a caller that cancels it or
	 * times it out does not affect the others. A call made once the new child is being
	 * spawned starts another restart.
	 */
	@Override
	public CompletableFuture<RestartResult> restart(RestartReason reason) {
		if (!this.configured) {
			return CompletableFuture.failedFuture(new IllegalStateException(
					"no child is configured (flush-manager.child.command is unset: collection alone)"));
		}
		if (reason != RestartReason.MANUAL && reason != RestartReason.CONFIG_CHANGE) {
			return CompletableFuture.failedFuture(
					new IllegalArgumentException("A restart is asked for MANUAL or CONFIG_CHANGE, not " + reason));
		}
		return this.restarts.request(reason, (pending) -> () -> restartNow(pending));
	}

	@Override
	public CompletableFuture<Void> signal(Signal signal) {
		CompletableFuture<Void> sent = new CompletableFuture<>();
		this.loop.submit(() -> signalNow(signal, sent), sent);
		return sent;
	}

	@Override
	public void holdExitPolicy(boolean held) {
		if (held) {
			this.exits.hold();
			return;
		}
		this.loop.submit(this.exits::release, null);
	}

	@Override
	public boolean healthy() {
		return this.loop.healthy();
	}

	@Override
	public void start() {
		if (!this.configured) {
			return;
		}
		synchronized (this.loop.lock()) {
			if (this.loop.running()) {
				return;
			}
			this.closing = false;
			this.processes.containment().start();
			this.loop.start(() -> startIfIdle(RestartReason.STARTUP), this.restarts::close);
		}
	}

	@Override
	public void stop(Runnable callback) {
		shutdown().whenComplete((result, ex) -> callback.run());
	}

	@Override
	public void stop() {
		CommandLoop.await(shutdown(), this.properties.stopTimeout().plus(Duration.ofSeconds(30)));
	}

	@Override
	public boolean isRunning() {
		return this.loop.running();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Stop the child gracefully (reason {@code SHUTDOWN}) and end the supervisor thread.
	 * @return completes when the thread has ended
	 */
	CompletableFuture<Void> shutdown() {
		this.closing = true;
		return this.loop.finish(this::shutdownNow);
	}

	/**
	 * The service's shutdown has begun, before this bean's own stop comes (the web server
	 * first waits for requests, a restart among them): a restart in flight must not start
	 * a child any more.
	 */
	void refuseStarts() {
		this.closing = true;
	}

	private void startIfIdle(RestartReason reason) {
		if (this.record.current() == null) {
			spawn(reason);
		}
	}

	private void restartNow(SharedRestart.Pending pending) throws InterruptedException {
		this.restarts.begin(pending);
		this.exits.forget();
		if (pending.reason() == RestartReason.CONFIG_CHANGE) {
			logger.info("Config file change detected, restarting child process...");
		}
		else {
			logger.info("Restarting child process...");
		}
		RunningChild old = this.record.current();
		Long previousPid = (old != null) ? old.pid() : null;
		if (old != null) {
			stopChild(old, pending.reason());
		}
		this.exits.reset();
		// From here on the new child may read its config: later callers need a restart of
		// their own.
		RestartReason reason = this.restarts.claim(pending);
		RunningChild child = spawn(reason);
		if (child != null && reason == RestartReason.CONFIG_CHANGE) {
			logger.info("Child process restarted successfully after config change");
		}
		this.restarts.complete(pending,
				new RestartResult(previousPid, (child != null) ? child.pid() : null, this.record.state()));
	}

	private void signalNow(Signal signal, CompletableFuture<Void> sent) {
		RunningChild child = this.record.current();
		ChildState state = this.record.state();
		if (child == null || state == ChildState.STOPPING) {
			sent.completeExceptionally(new IllegalStateException("No child process is running (state " + state + ")"));
			return;
		}
		this.processes.signal(child, signal, sent);
	}

	private void shutdownNow() throws InterruptedException {
		this.loop.cancelTimer();
		RunningChild child = this.record.current();
		if (child != null) {
			stopChild(child, RestartReason.SHUTDOWN);
		}
		this.record.enter(ChildState.STOPPED);
		this.loop.end();
	}

	private @Nullable RunningChild spawn(RestartReason reason) {
		this.loop.cancelTimer();
		if (this.closing) {
			// A restart, backoff or start queued before the shutdown began: nothing new
			// starts any more.
			logger.info("Not starting the child process (" + reason + "): the service is shutting down");
			return null;
		}
		if (reason == RestartReason.STARTUP) {
			String refusal = this.startGate.refusal();
			if (refusal != null) {
				cannotRun(reason, null, refusal);
				return null;
			}
		}
		this.exits.forget();
		RunningChild child;
		try {
			child = this.processes.spawn(reason);
		}
		catch (IOException ex) {
			cannotRun(reason, null, ex.getMessage());
			return null;
		}
		child.process().onExit().thenRun(() -> this.loop.submit(() -> this.exits.exited(child), null));
		if (!this.grace.none()) {
			this.loop.schedule(this.grace.grace(), () -> this.record.up(child, this.grace.grace()));
		}
		this.record.started(child, this.grace.none() ? ChildState.RUNNING : ChildState.STARTING);
		return child;
	}

	private void cannotRun(RestartReason reason, @Nullable Long pid, @Nullable String message) {
		logger.error("Child process cannot be run: " + message
				+ ". No retries: the state is FATAL until a restart is asked for (POST /api/child/restart or a config change)");
		this.loop.cancelTimer();
		this.record.cannotRun(reason, pid, message);
	}

	private void stopChild(RunningChild child, RestartReason reason) throws InterruptedException {
		this.loop.cancelTimer();
		this.record.stopping();
		this.record.stopped(this.processes.stop(child, reason));
	}

}
