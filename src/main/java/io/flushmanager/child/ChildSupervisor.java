package io.flushmanager.child;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import io.flushmanager.child.ChildEvent.Type;
import io.flushmanager.child.ProcessTree.StopResult;
import io.flushmanager.config.CommandResolver;
import io.flushmanager.config.FlushManagerProperties;
import io.flushmanager.config.Durations;
import io.flushmanager.config.Signal;

/**
 * Runs one child process: starts it, stops its whole tree, restarts it after exits by the restart
 * policy with backoff, and answers {@link ChildControl}. Every state change happens on one long-lived
 * thread ({@code fm-supervisor}) that takes commands from a queue in order; it is also the only thread
 * that spawns, since the child's parent-death signal is tied to the thread that spawned it.
 */
public class ChildSupervisor implements ChildControl, SmartLifecycle {

	/** Stopped after the web server stopped taking requests, before the config watcher. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	/** Events kept in the history. */
	static final int HISTORY_SIZE = 100;

	private static final Log logger = LogFactory.getLog(ChildSupervisor.class);

	/** How long the output may take to reach EOF once the tree is gone. */
	private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);

	private final FlushManagerProperties.Child properties;

	private final ChildLauncher launcher;

	private final ProcessTree tree;

	private final OutputSink output;

	private final ServiceExit serviceExit;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final String command;

	private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();

	/** Guards the lifecycle fields, the queue's closing and the shared restart. */
	private final Object lock = new Object();

	private boolean closed = true;

	private boolean running;

	private @Nullable PendingRestart pendingRestart;

	private CompletableFuture<Void> terminated = CompletableFuture.completedFuture(null);

	private volatile @Nullable Thread thread;

	private volatile @Nullable Throwable failure;

	private volatile ChildStatus status;

	private volatile @Nullable StopResult lastStop;

	private volatile long lastSpawnNanos;

	/** Set once the service's shutdown has begun: from then on nothing spawns. */
	private volatile boolean closing;

	// Owned by the supervisor thread.

	private final Backoff backoff;

	private final Deque<ChildEvent> history = new ArrayDeque<>();

	private ChildState state = ChildState.STOPPED;

	private @Nullable RunningChild current;

	private @Nullable Timer timer;

	private long starts;

	private @Nullable ChildExit lastExit;

	private @Nullable PendingRestart inFlight;

	private boolean finished;

	public ChildSupervisor(FlushManagerProperties.Child properties, OutputSink output, ServiceExit serviceExit,
			ApplicationEventPublisher events, Clock clock) {
		this(properties, ChildLauncher.detect(properties), ProcessTree.detect(), output, serviceExit, events, clock);
	}

	ChildSupervisor(FlushManagerProperties.Child properties, ChildLauncher launcher, ProcessTree tree,
			OutputSink output, ServiceExit serviceExit, ApplicationEventPublisher events, Clock clock) {
		this.properties = properties;
		this.launcher = launcher;
		this.tree = tree;
		this.output = output;
		this.serviceExit = serviceExit;
		this.events = events;
		this.clock = clock;
		this.backoff = new Backoff(properties.backoff());
		this.command = CommandResolver.resolve(properties.command()).map(Path::toString).orElse(properties.command());
		this.status = new ChildStatus(ChildState.STOPPED, null, this.command, properties.args(), null, null, 0, null,
				List.of());
	}

	@Override
	public ChildStatus status() {
		ChildStatus status = this.status;
		if (status.startedAt() == null) {
			return status;
		}
		Duration uptime = Duration.between(status.startedAt(), this.clock.instant());
		return new ChildStatus(status.state(), status.pid(), status.command(), status.args(), status.startedAt(),
				uptime.isNegative() ? Duration.ZERO : uptime, status.restartCount(), status.lastExit(),
				status.history());
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The returned future is a copy of the shared one, so a caller that cancels it or times it out does
	 * not affect the others. A call made once the new child is being spawned starts another restart.
	 */
	@Override
	public CompletableFuture<RestartResult> restart(RestartReason reason) {
		if (reason != RestartReason.MANUAL && reason != RestartReason.CONFIG_CHANGE) {
			return CompletableFuture.failedFuture(
					new IllegalArgumentException("A restart is asked for MANUAL or CONFIG_CHANGE, not " + reason));
		}
		synchronized (this.lock) {
			PendingRestart pending = this.pendingRestart;
			if (pending != null) {
				pending.join(reason);
				return pending.future.copy();
			}
			PendingRestart created = new PendingRestart(reason);
			if (submit(() -> restartNow(created), created.future)) {
				this.pendingRestart = created;
			}
			return created.future.copy();
		}
	}

	@Override
	public CompletableFuture<Void> signal(Signal signal) {
		CompletableFuture<Void> sent = new CompletableFuture<>();
		submit(() -> signalNow(signal, sent), sent);
		return sent;
	}

	@Override
	public boolean healthy() {
		if (this.failure != null) {
			return false;
		}
		synchronized (this.lock) {
			Thread thread = this.thread;
			return !this.running || (thread != null && thread.isAlive());
		}
	}

	@Override
	public void start() {
		synchronized (this.lock) {
			if (this.running) {
				return;
			}
			Thread thread = new Thread(this::loop, "fm-supervisor");
			// Like a web server's thread, it keeps the service alive while it supervises; stop() ends it.
			thread.setDaemon(false);
			this.thread = thread;
			this.terminated = new CompletableFuture<>();
			this.finished = false;
			this.closed = false;
			this.closing = false;
			this.running = true;
			this.tree.containment().start();
			submit(() -> startIfIdle(RestartReason.STARTUP), null);
			thread.start();
		}
	}

	@Override
	public void stop(Runnable callback) {
		shutdown().whenComplete((result, ex) -> callback.run());
	}

	@Override
	public void stop() {
		CompletableFuture<Void> done = shutdown();
		Duration limit = this.properties.stopTimeout().plus(Duration.ofSeconds(30));
		try {
			done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("The child supervisor did not stop within " + Durations.format(limit) + ": " + ex);
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lock) {
			return this.running;
		}
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
		synchronized (this.lock) {
			if (this.running) {
				this.running = false;
				submit(this::shutdownNow, null);
			}
			return this.terminated;
		}
	}

	/**
	 * The service's shutdown has begun, before this bean's own stop comes (the web server first waits for
	 * requests, a restart among them): a restart in flight must not start a child any more.
	 */
	void refuseStarts() {
		this.closing = true;
	}

	/** How the last requested stop went (for measurements). */
	@Nullable StopResult lastStop() {
		return this.lastStop;
	}

	/** {@link System#nanoTime()} right after the last successful spawn (for measurements). */
	long lastSpawnNanos() {
		return this.lastSpawnNanos;
	}

	private boolean submit(Action action, @Nullable CompletableFuture<?> future) {
		synchronized (this.lock) {
			if (this.closed) {
				if (future != null) {
					future.completeExceptionally(new IllegalStateException("The child supervisor is not running"));
				}
				return false;
			}
			this.commands.add(new Command(action, future));
			return true;
		}
	}

	private void loop() {
		try {
			while (!this.finished) {
				Command command = next();
				if (command != null) {
					command.action().run();
				}
				else {
					fireTimer();
				}
			}
		}
		catch (Throwable ex) {
			this.failure = ex;
			logger.error("The child supervisor thread died: the child is no longer supervised (its parent-death "
					+ "signal ends it) and the service reports itself broken", ex);
		}
		finally {
			close();
		}
	}

	private void close() {
		List<Command> abandoned = new ArrayList<>();
		synchronized (this.lock) {
			this.closed = true;
			this.pendingRestart = null;
			this.commands.drainTo(abandoned);
		}
		IllegalStateException stopped = new IllegalStateException("The child supervisor has stopped");
		abandoned.forEach((command) -> command.abandon(stopped));
		PendingRestart inFlight = this.inFlight;
		if (inFlight != null) {
			inFlight.future.completeExceptionally(stopped);
		}
		this.terminated.complete(null);
	}

	private @Nullable Command next() throws InterruptedException {
		Timer timer = this.timer;
		if (timer == null) {
			return this.commands.take();
		}
		long wait = timer.deadline() - System.nanoTime();
		return (wait > 0) ? this.commands.poll(wait, TimeUnit.NANOSECONDS) : null;
	}

	private void fireTimer() throws InterruptedException {
		Timer timer = this.timer;
		this.timer = null;
		if (timer != null) {
			timer.action().run();
		}
	}

	private void startIfIdle(RestartReason reason) {
		if (this.current == null) {
			spawn(reason);
		}
	}

	private void restartNow(PendingRestart pending) throws InterruptedException {
		this.inFlight = pending;
		if (pending.reason() == RestartReason.CONFIG_CHANGE) {
			logger.info("Config file change detected, restarting child process...");
		}
		else {
			logger.info("Restarting child process...");
		}
		RunningChild old = this.current;
		Long previousPid = (old != null) ? old.pid() : null;
		if (old != null) {
			stopChild(old, pending.reason());
		}
		// An operator or a new config is a new situation: no reason to keep the crash loop's delay.
		this.backoff.reset();
		RestartReason reason;
		synchronized (this.lock) {
			// From here on the new child may read its config: later callers need a restart of their own.
			if (this.pendingRestart == pending) {
				this.pendingRestart = null;
			}
			reason = pending.reason();
		}
		RunningChild child = spawn(reason);
		if (child != null && reason == RestartReason.CONFIG_CHANGE) {
			logger.info("Child process restarted successfully after config change");
		}
		this.inFlight = null;
		pending.future.complete(new RestartResult(previousPid, (child != null) ? child.pid() : null, this.state));
	}

	private void signalNow(Signal signal, CompletableFuture<Void> sent) {
		RunningChild child = this.current;
		if (child == null || this.state == ChildState.STOPPING) {
			sent.completeExceptionally(
					new IllegalStateException("No child process is running (state " + this.state + ")"));
			return;
		}
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

	private void shutdownNow() throws InterruptedException {
		this.timer = null;
		RunningChild child = this.current;
		if (child != null) {
			stopChild(child, RestartReason.SHUTDOWN);
		}
		this.state = ChildState.STOPPED;
		publish();
		this.finished = true;
	}

	private @Nullable RunningChild spawn(RestartReason reason) {
		this.timer = null;
		if (this.closing) {
			// A restart, backoff or start queued before the shutdown began: nothing new starts any more.
			logger.info("Not starting the child process (" + reason + "): the service is shutting down");
			return null;
		}
		Process process;
		try {
			Path command = this.launcher.resolve();
			logger.info("Starting child process: " + command + " [" + String.join(" ", this.properties.args()) + "]");
			this.events.publishEvent(new ChildSpawning(reason));
			process = this.launcher.spawn(command);
			this.tree.containment().adopt(process);
		}
		catch (IOException ex) {
			cannotRun(reason, null, ex.getMessage());
			return null;
		}
		long now = System.nanoTime();
		this.lastSpawnNanos = now;
		// Before the pumps start, so that this line comes before the child's own.
		logger.info("Child process started with PID: " + process.pid());
		RunningChild child = RunningChild.attach(process, reason, this.clock.instant(), now, this.output);
		this.current = child;
		this.starts++;
		process.onExit().thenRun(() -> submit(() -> exited(child), null));
		Duration grace = this.properties.startGrace();
		if (grace.isZero()) {
			this.state = ChildState.RUNNING;
		}
		else {
			this.state = ChildState.STARTING;
			this.timer = new Timer(now + grace.toNanos(), () -> up(child));
		}
		record(new ChildEvent(child.startedAt(), Type.STARTED, reason, child.pid(), null, null, null, null));
		return child;
	}

	private void up(RunningChild child) {
		if (this.current == child && this.state == ChildState.STARTING) {
			this.state = ChildState.RUNNING;
			publish();
			if (logger.isDebugEnabled()) {
				logger.debug("Child process (PID: " + child.pid() + ") is up for start-grace "
						+ Durations.format(this.properties.startGrace()) + ": RUNNING");
			}
		}
	}

	private void cannotRun(RestartReason reason, @Nullable Long pid, @Nullable String message) {
		logger.error("Child process cannot be run: " + message
				+ ". No retries: the state is FATAL until a restart is asked for (POST /api/child/restart or a config change)");
		this.current = null;
		this.timer = null;
		this.state = ChildState.FATAL;
		record(new ChildEvent(this.clock.instant(), Type.START_FAILED, reason, pid, null, null, null, message));
	}

	private void stopChild(RunningChild child, RestartReason reason) throws InterruptedException {
		long pid = child.pid();
		Duration timeout = this.properties.stopTimeout();
		Signal signal = this.properties.stopSignal();
		this.state = ChildState.STOPPING;
		this.timer = null;
		publish();
		logger.info("Stopping child process (PID: " + pid + ") with timeout: " + Durations.format(timeout));
		StopResult result = this.tree.stop(child.process(), this.launcher.ownsProcessGroup(), signal, timeout);
		this.lastStop = result;
		drain(child);
		this.current = null;
		this.state = ChildState.STOPPED;
		ExitStatus exit = ExitStatus.of(child.process().exitValue());
		Instant now = this.clock.instant();
		this.lastExit = new ChildExit(exit.code(), exit.signal(), now, reason);
		String detail;
		if (result.graceful()) {
			logger.info("Child process (PID: " + pid + ") stopped gracefully");
			detail = "stopped by SIG" + signal.name();
		}
		else {
			logger.warn("Child process (PID: " + pid + ") did not stop within " + Durations.format(timeout) + " after SIG"
					+ signal.name() + ": killed its process tree with SIGKILL");
			detail = "killed with SIGKILL after stop-timeout " + Durations.format(timeout);
		}
		record(new ChildEvent(now, Type.STOPPED, reason, pid, exit.code(), exit.signal(),
				child.ranFor(result.exitSeenNanos()), detail));
	}

	private void exited(RunningChild child) throws InterruptedException {
		if (this.current != child) {
			// A stop we asked for has seen this exit already.
			return;
		}
		long end = System.nanoTime();
		this.current = null;
		this.timer = null;
		if (this.launcher.ownsProcessGroup()) {
			this.tree.stopLeftovers(child.pid(), this.properties.stopSignal(), this.properties.stopTimeout());
		}
		drain(child);
		int raw = child.process().exitValue();
		String execFailure = this.launcher.execFailure(raw, child.firstErrorLine());
		if (execFailure != null) {
			cannotRun(child.reason(), child.pid(), execFailure);
			return;
		}
		ExitStatus exit = ExitStatus.of(raw);
		Duration ranFor = child.ranFor(end);
		Duration grace = this.properties.startGrace();
		boolean failedStart = ranFor.compareTo(grace) < 0;
		Instant now = this.clock.instant();
		this.lastExit = new ChildExit(exit.code(), exit.signal(), now, RestartReason.CRASH);
		String detail = failedStart ? "failed start: exited before start-grace (" + Durations.format(grace) + ")" : null;
		this.state = ChildState.STOPPED;
		record(new ChildEvent(now, Type.EXITED, RestartReason.CRASH, child.pid(), exit.code(), exit.signal(), ranFor,
				detail));
		String message = "Child process (PID: " + child.pid() + ") exited " + exit.describe() + " after "
				+ Durations.format(ranFor) + ((detail != null) ? " (" + detail + ")" : "");
		if (exit.success() && !failedStart) {
			logger.info(message);
		}
		else {
			logger.warn(message);
		}
		afterExit(exit, ranFor);
	}

	private void afterExit(ExitStatus exit, Duration ranFor) {
		FlushManagerProperties.RestartPolicy policy = this.properties.restartPolicy();
		switch (policy) {
			case EXIT -> {
				logger.warn("restart-policy is exit: the service exits with the child's exit code " + exit.raw());
				publish();
				this.serviceExit.exit(exit.raw());
			}
			case NEVER -> stayStopped(policy);
			case ON_FAILURE -> {
				if (exit.success()) {
					stayStopped(policy);
				}
				else {
					restartLater(ranFor, policy);
				}
			}
			case ALWAYS -> restartLater(ranFor, policy);
		}
	}

	private void stayStopped(FlushManagerProperties.RestartPolicy policy) {
		logger.info("Child process stays stopped (restart-policy: " + policyName(policy) + ")");
		publish();
	}

	private void restartLater(Duration ranFor, FlushManagerProperties.RestartPolicy policy) {
		Duration delay = this.backoff.next(ranFor);
		this.state = ChildState.BACKOFF;
		this.timer = new Timer(System.nanoTime() + delay.toNanos(), () -> spawn(RestartReason.CRASH));
		publish();
		logger.info("Restarting child process in " + Durations.format(delay) + " (restart-policy: " + policyName(policy)
				+ ")");
	}

	private void drain(RunningChild child) throws InterruptedException {
		if (!child.awaitOutput(OUTPUT_DRAIN)) {
			logger.warn("The output of child process (PID: " + child.pid() + ") is still open "
					+ Durations.format(OUTPUT_DRAIN) + " after its exit (a process outside its tree holds it); "
					+ "not waiting for it any longer");
		}
	}

	private void record(ChildEvent event) {
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

	private void publish() {
		RunningChild child = this.current;
		this.status = new ChildStatus(this.state, (child != null) ? child.pid() : null, this.command,
				this.properties.args(), (child != null) ? child.startedAt() : null, null, Math.max(0, this.starts - 1),
				this.lastExit, List.copyOf(this.history));
	}

	private static String policyName(FlushManagerProperties.RestartPolicy policy) {
		return policy.name().toLowerCase().replace('_', '-');
	}

	/** Work for the supervisor thread. */
	@FunctionalInterface
	private interface Action {

		void run() throws InterruptedException;

	}

	/** A queued action and the future to fail if it never runs. */
	private record Command(Action action, @Nullable CompletableFuture<?> future) {

		void abandon(RuntimeException why) {
			if (this.future != null) {
				this.future.completeExceptionally(why);
			}
		}

	}

	/** A timed wake-up: the end of start-grace or of a backoff delay. */
	private record Timer(long deadline, Action action) {

	}

	/** The one restart that callers share while it is queued or stopping the old child. */
	private static final class PendingRestart {

		final CompletableFuture<RestartResult> future = new CompletableFuture<>();

		private RestartReason reason;

		PendingRestart(RestartReason reason) {
			this.reason = reason;
		}

		/** A config change among the callers makes it a config-change restart (its log lines matter). */
		synchronized void join(RestartReason reason) {
			if (reason == RestartReason.CONFIG_CHANGE) {
				this.reason = reason;
			}
		}

		synchronized RestartReason reason() {
			return this.reason;
		}

	}

}
