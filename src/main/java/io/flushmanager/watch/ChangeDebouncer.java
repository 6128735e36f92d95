package io.flushmanager.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.config.FlushManagerProperties.Compare;

/**
 * Waits for a quiet period after the last detected change, then hands the latest change of each file to
 * the {@link ConfigChangeListener} in one call. Earlier changes of the same burst are
 * {@link ChangeAction#COALESCED}; a burst that ends on the content the child already has is
 * {@link ChangeAction#UNCHANGED_CONTENT} (with {@code compare=content}), as {@link AppliedContent} says.
 */
public class ChangeDebouncer implements ChangeSink, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ChangeDebouncer.class);

	private final long debounceNanos;

	private final Compare compare;

	private final ChangeHistory history;

	private final ConfigChangeListener listener;

	private final ScheduledExecutorService executor;

	private final List<DetectedChange> pending = new ArrayList<>();

	private final AppliedContent applied;

	private long lastDetectedNanos;

	private ScheduledFuture<?> scheduled;

	public ChangeDebouncer(Duration debounce, Compare compare, ChangeHistory history, ConfigChangeListener listener,
			AppliedContent applied, ThreadFactory threadFactory) {
		this.debounceNanos = debounce.toNanos();
		this.compare = compare;
		this.history = history;
		this.listener = listener;
		this.applied = applied;
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threadFactory);
		executor.setRemoveOnCancelPolicy(true);
		this.executor = executor;
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
		this.pending.add(change);
		this.lastDetectedNanos = change.detectedNanos();
		reschedule(this.debounceNanos);
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
		List<DetectedChange> batch;
		synchronized (this) {
			long quietNanos = System.nanoTime() - this.lastDetectedNanos;
			if (quietNanos < this.debounceNanos) {
				reschedule(this.debounceNanos - quietNanos);
				return;
			}
			long waitNanos = this.listener.delayBeforeNext().toNanos();
			if (waitNanos > 0) {
				reschedule(waitNanos);
				return;
			}
			batch = new ArrayList<>(this.pending);
			this.pending.clear();
			this.scheduled = null;
		}
		if (!batch.isEmpty()) {
			act(batch);
		}
	}

	private void act(List<DetectedChange> batch) {
		logger.info("File change confirmed after debounce period");
		Map<Path, DetectedChange> latest = new LinkedHashMap<>();
		List<Long> coalesced = new ArrayList<>();
		for (DetectedChange change : batch) {
			DetectedChange earlier = latest.put(change.after().path(), change);
			if (earlier != null) {
				coalesced.add(earlier.recordId());
			}
		}
		this.history.resolve(coalesced, ChangeAction.COALESCED);
		List<DetectedChange> toApply = new ArrayList<>();
		List<Long> unchanged = new ArrayList<>();
		for (DetectedChange change : latest.values()) {
			FileSnapshot after = change.after();
			if (this.compare == Compare.CONTENT && this.applied.isApplied(after.path(), after.sha256())) {
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
		ChangeAction action = notifyListener(new ConfirmedChange(List.copyOf(toApply), coalesced.size()));
		// What the child now has is for the listener's side to record: it alone knows what the child read.
		this.history.resolve(toApply.stream().map(DetectedChange::recordId).toList(), action);
	}

	private ChangeAction notifyListener(ConfirmedChange change) {
		try {
			return this.listener.onConfirmedChange(change);
		}
		catch (RuntimeException ex) {
			logger.error("Acting on a config change failed", ex);
			return ChangeAction.RELOAD_FAILED;
		}
	}

}
