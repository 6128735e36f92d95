package io.flushmanager.child;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One spawned child: its process, when and why it started, and the pumps reading its
 * output.
 */
final class RunningChild {

	private final Process process;

	private final RestartReason reason;

	private final Instant startedAt;

	private final long startedNanos;

	private final OutputPump out;

	private final OutputPump err;

	private RunningChild(Process process, RestartReason reason, Instant startedAt, long startedNanos, OutputPump out,
			OutputPump err) {
		this.process = process;
		this.reason = reason;
		this.startedAt = startedAt;
		this.startedNanos = startedNanos;
		this.out = out;
		this.err = err;
	}

	/**
	 * Start reading a freshly spawned process's output.
	 * @param process the process
	 * @param reason why it was started
	 * @param startedAt when, by the service's clock
	 * @param startedNanos when, by {@link System#nanoTime()}
	 * @param sink where its lines go; a {@link PassthroughOutputSink} gets the bytes
	 * copied as read
	 * @return the running child
	 */
	static RunningChild attach(Process process, RestartReason reason, Instant startedAt, long startedNanos,
			OutputSink sink) {
		long pid = process.pid();
		PassthroughOutputSink passthrough = (sink instanceof PassthroughOutputSink raw) ? raw : null;
		OutputTap tap = (passthrough != null) ? passthrough.lines() : null;
		OutputPump out = new OutputPump(process.getInputStream(), pid, OutputSink.Stream.STDOUT, sink,
				(passthrough != null) ? passthrough.target(OutputSink.Stream.STDOUT) : null, tap)
			.start("fm-child-out-" + pid);
		OutputPump err = new OutputPump(process.getErrorStream(), pid, OutputSink.Stream.STDERR, sink,
				(passthrough != null) ? passthrough.target(OutputSink.Stream.STDERR) : null, tap)
			.start("fm-child-err-" + pid);
		return new RunningChild(process, reason, startedAt, startedNanos, out, err);
	}

	Process process() {
		return this.process;
	}

	long pid() {
		return this.process.pid();
	}

	RestartReason reason() {
		return this.reason;
	}

	Instant startedAt() {
		return this.startedAt;
	}

	/**
	 * How long it has run (or ran, once {@code endNanos} is its end).
	 * @param endNanos {@link System#nanoTime()} at the end of the interval
	 * @return the run time
	 */
	Duration ranFor(long endNanos) {
		return Duration.ofNanos(Math.max(0, endNanos - this.startedNanos));
	}

	/**
	 * Wait until both pumps reached EOF, so the child's last lines are passed on.
	 * @param timeout the longest wait for both together
	 * @return {@code true} if both finished
	 * @throws InterruptedException if interrupted
	 */
	boolean awaitOutput(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		boolean out = this.out.await(timeout);
		return this.err.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))) && out;
	}

	@Nullable String firstErrorLine() {
		return this.err.firstLine();
	}

}
