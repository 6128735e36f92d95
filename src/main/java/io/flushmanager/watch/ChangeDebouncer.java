package io.flushmanager.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.config.WatchProperties.Compare;
import io.flushmanager.time.Ticker;

/**
 * Waits for a quiet period after the last detected change ({@link Burst}), then hands the
 * latest change of each file to the {@link ConfigChangeListener} in one call. Earlier
 * changes of the same burst are {@link ChangeAction#COALESCED}; a file back on the
 * content the child already has is left out as the {@link ContentRule} says. What the
 * listener answers goes to the history as it is.
 */
public class ChangeDebouncer implements ChangeSink, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ChangeDebouncer.class);

	private final ContentRule rule;

	private final ChangeHistory history;

	private final ConfigChangeListener listener;

	private final AppliedContent applied;

	private final Ticker ticker;

	private final ScheduledExecutorService executor;

	private final Burst burst;

	private @Nullable ScheduledFuture<?> scheduled;

	public ChangeDebouncer(Duration debounce, Compare compare, ChangeHistory history, ConfigChangeListener listener,
			AppliedContent applied, ThreadFactory threadFactory, Ticker ticker) {
		this.burst = new Burst(debounce);
		this.rule = new ContentRule(compare);
		this.history = history;
		this.listener = listener;
		this.applied = applied;
		this.ticker = ticker;
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threadFactory);
		executor.setRemoveOnCancelPolicy(true);
		this.executor = executor;
	}

	public ChangeDebouncer(Duration debounce, Compare compare, ChangeHistory history, ConfigChangeListener listener,
			AppliedContent applied, ThreadFactory threadFactory) {
		this(debounce, compare, history, listener, applied, threadFactory, Ticker.SYSTEM);
	}

	/**
	 * Stop confirming; a reload in progress is interrupted.
	 */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	/**
	 * Record the content the child starts with.
	 * @param path a watched file
	 * @param sha256 its content hash, or {@code null}
	 */
	public void baseline(Path path, @Nullable String sha256) {
		this.applied.baseline(path, sha256);
	}

	@Override
	public synchronized void onDetected(DetectedChange change) {
		long now = this.ticker.nanoTime();
		this.burst.add(change, now);
		reschedule(this.burst.waitNanos(now, () -> Duration.ZERO));
	}

	private void reschedule(long delayNanos) {
		if (this.scheduled != null) {
			this.scheduled.cancel(false);
		}
		if (!this.executor.isShutdown()) {
			this.scheduled = this.executor.schedule(this::confirm, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
		}
	}

	private void confirm() {
		List<DetectedChange> changes;
		synchronized (this) {
			long waitNanos = this.burst.waitNanos(this.ticker.nanoTime(), this.listener::delayBeforeNext);
			if (waitNanos > 0) {
				reschedule(waitNanos);
				return;
			}
			changes = this.burst.drain();
			this.scheduled = null;
		}
		if (!changes.isEmpty()) {
			act(Coalesced.of(changes));
		}
	}

	private void act(Coalesced burst) {
		logger.info("File change confirmed after debounce period");
		this.history.resolve(burst.coalesced(), ChangeAction.COALESCED);
		List<DetectedChange> toApply = new ArrayList<>();
		List<Long> unchanged = new ArrayList<>();
		for (DetectedChange change : burst.latest()) {
			if (this.rule.onConfirmed(change.after(), this.applied) == ChangeAction.UNCHANGED_CONTENT) {
				unchanged.add(change.recordId());
			}
			else {
				toApply.add(change);
			}
		}
		if (!unchanged.isEmpty()) {
			logger.info("Config content is back to what the child already has; nothing to reload");
			this.history.resolve(unchanged, ChangeAction.UNCHANGED_CONTENT);
		}
		if (toApply.isEmpty()) {
			return;
		}
		ChangeOutcome outcome = notifyListener(new ConfirmedChange(List.copyOf(toApply), burst.coalesced().size()));
		// What the child now has is for the listener's side to record: it alone knows
		// what the child read.
		this.history.resolve(toApply.stream().map(DetectedChange::recordId).toList(), outcome);
	}

	private ChangeOutcome notifyListener(ConfirmedChange change) {
		try {
			return this.listener.onConfirmedChange(change);
		}
		catch (RuntimeException ex) {
			// Only a listener that breaks its contract gets here; the entries must not
			// stay pending forever.
			logger.error("Acting on a config change failed", ex);
			return ChangeOutcome.reloadFailed("listener failed: " + ex.getClass().getSimpleName());
		}
	}

}
