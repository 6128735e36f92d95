package io.flushmanager.child;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.config.Durations;
import io.flushmanager.time.Ticker;

/**
 * The supervisor's one thread ({@code fm-supervisor}): runs queued actions in order and
 * at most one timed wake-up (the end of start-grace or of a backoff delay). Being the
 * only thread that spawns matters: the child's parent-death signal is tied to the thread
 * that spawned it.
 */
final class CommandLoop {

	// The supervisor's own lines keep the logger name operators know.
	private static final Log logger = LogFactory.getLog(ChildSupervisor.class);

	private final String name;

	private final Ticker ticker;

	private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();

	/**
	 * Guards the lifecycle fields and the queue's closing; callers may share it for state
	 * of their own.
	 */
	private final Object lock = new Object();

	private boolean closed = true;

	private boolean running;

	private CompletableFuture<Void> terminated = CompletableFuture.completedFuture(null);

	private volatile @Nullable Thread thread;

	private volatile @Nullable Throwable failure;

	// Owned by the loop's thread.

	private @Nullable Timer timer;

	private boolean finished;

	/**
	 * A loop; nothing runs until {@link #start}.
	 * @param name the thread's name
	 * @param ticker the time its timers run on
	 */
	CommandLoop(String name, Ticker ticker) {
		this.name = name;
		this.ticker = ticker;
	}

	Object lock() {
		return this.lock;
	}

	/**
	 * Start the thread with a first action, unless it runs.
	 * @param first run first
	 * @param onClosed told, on the loop's thread as it ends, why queued work will not run
	 * @return {@code false} if it was running already
	 */
	boolean start(Action first, Consumer<IllegalStateException> onClosed) {
		synchronized (this.lock) {
			if (this.running) {
				return false;
			}
			Thread thread = new Thread(() -> loop(onClosed), this.name);
			// Like a web server's thread, it keeps the service alive while it supervises;
			// finish() ends it.
			thread.setDaemon(false);
			this.thread = thread;
			this.terminated = new CompletableFuture<>();
			this.finished = false;
			this.closed = false;
			this.running = true;
			submit(first, null);
			thread.start();
			return true;
		}
	}

	/**
	 * Queue a last action, after which the thread ends ({@link #end()} from it).
	 * @param last the last action
	 * @return completes when the thread has ended
	 */
	CompletableFuture<Void> finish(Action last) {
		synchronized (this.lock) {
			if (this.running) {
				this.running = false;
				submit(last, null);
			}
			return this.terminated;
		}
	}

	/**
	 * Wait for the loop to end, up to a limit; a loop that takes longer is reported, not
	 * waited for.
	 * @param terminated from {@link #finish}
	 * @param limit the longest wait
	 */
	static void await(CompletableFuture<Void> terminated, Duration limit) {
		try {
			terminated.get(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("The child supervisor did not stop within " + Durations.format(limit) + ": " + ex);
		}
	}

	boolean running() {
		synchronized (this.lock) {
			return this.running;
		}
	}

	/** Whether the thread works: not died of an error, and alive while it should run. */
	boolean healthy() {
		if (this.failure != null) {
			return false;
		}
		synchronized (this.lock) {
			Thread thread = this.thread;
			return !this.running || (thread != null && thread.isAlive());
		}
	}

	/**
	 * Queue an action.
	 * @param action the work
	 * @param future failed if the action will never run, or {@code null}
	 * @return {@code false} (and the future failed) when the loop does not take work
	 */
	boolean submit(Action action, @Nullable CompletableFuture<?> future) {
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

	/**
	 * From the loop's thread: run an action once {@code delay} has passed, replacing any
	 * timer.
	 */
	void schedule(Duration delay, Action action) {
		this.timer = new Timer(this.ticker.nanoTime() + delay.toNanos(), action);
	}

	/** From the loop's thread: drop the pending timer. */
	void cancelTimer() {
		this.timer = null;
	}

	/** From the loop's thread: end after the current action. */
	void end() {
		this.finished = true;
	}

	private void loop(Consumer<IllegalStateException> onClosed) {
		try {
			while (!this.finished) {
				Timer timer = this.timer;
				if (timer != null && timer.deadline() - this.ticker.nanoTime() <= 0) {
					this.timer = null;
					timer.action().run();
					continue;
				}
				Command command = (timer != null)
						? this.commands.poll(timer.deadline() - this.ticker.nanoTime(), TimeUnit.NANOSECONDS)
						: this.commands.take();
				if (command != null) {
					command.action().run();
				}
			}
		}
		catch (Throwable ex) {
			this.failure = ex;
			logger.error("The child supervisor thread died: the child is no longer supervised (its parent-death "
					+ "signal ends it) and the service reports itself broken", ex);
		}
		finally {
			close(onClosed);
		}
	}

	private void close(Consumer<IllegalStateException> onClosed) {
		List<Command> abandoned = new ArrayList<>();
		IllegalStateException stopped = new IllegalStateException("The child supervisor has stopped");
		synchronized (this.lock) {
			this.closed = true;
			this.commands.drainTo(abandoned);
		}
		abandoned.forEach((command) -> command.abandon(stopped));
		onClosed.accept(stopped);
		this.terminated.complete(null);
	}

	/** Work for the loop's thread. */
	@FunctionalInterface
	interface Action {

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

	/** A timed wake-up, by the ticker. */
	private record Timer(long deadline, Action action) {

	}

}
