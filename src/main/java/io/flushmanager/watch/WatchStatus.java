package io.flushmanager.watch;

import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Counters and mode of the watcher, shared by the parts that change them and read by
 * health and metrics.
 */
public class WatchStatus {

	/** How changes are being seen. */
	public enum Mode {

		/** Kernel events, with polling beside them. */
		NATIVE_AND_POLLING,
		/** Polling alone. */
		POLLING

	}

	private final AtomicLong errors = new AtomicLong();

	private final AtomicLong eventsLost = new AtomicLong();

	private volatile boolean nativeActive;

	private volatile @Nullable String nativeProblem;

	private volatile @Nullable Throwable threadFailure;

	void recordError() {
		this.errors.incrementAndGet();
	}

	void recordEventsLost() {
		this.eventsLost.incrementAndGet();
	}

	void nativeActive(boolean active, @Nullable String problem) {
		this.nativeActive = active;
		this.nativeProblem = problem;
	}

	void threadFailed(Throwable failure) {
		this.threadFailure = failure;
	}

	/**
	 * Errors seen: native events unavailable, registrations refused, files that could not
	 * be read.
	 * @return the count since start
	 */
	public long errors() {
		return this.errors.get();
	}

	/**
	 * Times the kernel's event queue overflowed, so events were lost (a full check
	 * followed each).
	 * @return the count since start
	 */
	public long eventsLost() {
		return this.eventsLost.get();
	}

	/**
	 * Whether native events are in use now.
	 * @return {@code true} if kernel events feed the checks
	 */
	public boolean nativeActive() {
		return this.nativeActive;
	}

	/**
	 * Why native events are not (fully) in use.
	 * @return the reason, or {@code null}
	 */
	public @Nullable String nativeProblem() {
		return this.nativeProblem;
	}

	/**
	 * The active mode.
	 * @return the mode
	 */
	public Mode mode() {
		return this.nativeActive ? Mode.NATIVE_AND_POLLING : Mode.POLLING;
	}

	/**
	 * Why a watcher thread died, if one did: the service is then broken.
	 * @return the failure, or {@code null}
	 */
	public @Nullable Throwable threadFailure() {
		return this.threadFailure;
	}

}
