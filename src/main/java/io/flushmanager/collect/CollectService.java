package io.flushmanager.collect;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.flushmanager.collect.ledger.Entry;
import io.flushmanager.collect.ledger.Ledger;
import io.flushmanager.collect.ledger.State;
import io.flushmanager.collect.store.Target;

/**
 * Collection mode's running part: the sources, the settle/retry tick, the hand-off
 * workers and the quota clean-up, started after the rest of the service and stopped
 * before it.
 */
public final class CollectService implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CollectService.class);

	private final Ledger ledger;

	private final Collector collector;

	private final CollectSources sources;

	private final ThreadPoolExecutor workers;

	private final Target target;

	private final Duration pollInterval;

	private final Duration tickInterval;

	private final @Nullable QuotaCleaner quota;

	private final DoneHistory history;

	private final Clock clock;

	private final String targetName;

	private @Nullable ScheduledThreadPoolExecutor scheduler;

	private volatile boolean running;

	CollectService(Ledger ledger, Collector collector, CollectSources sources, ThreadPoolExecutor workers,
			Target target, Duration pollInterval, Duration settle, @Nullable QuotaCleaner quota, Clock clock,
			String targetName) {
		this.ledger = ledger;
		this.collector = collector;
		this.sources = sources;
		this.workers = workers;
		this.target = target;
		this.pollInterval = pollInterval;
		this.tickInterval = clamp(settle.dividedBy(5), Duration.ofMillis(50), Duration.ofSeconds(1));
		this.quota = quota;
		this.history = new DoneHistory(ledger, clock);
		this.clock = clock;
		this.targetName = targetName;
	}

	static ThreadPoolExecutor workers(int concurrency) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("fm-collect-work-");
		threads.setDaemon(true);
		return new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				threads);
	}

	private static Duration clamp(Duration value, Duration min, Duration max) {
		return (value.compareTo(min) < 0) ? min : (value.compareTo(max) > 0) ? max : value;
	}

	@Override
	public void start() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("fm-collect-detect-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, threads);
		this.scheduler = scheduler;
		this.sources.start();
		scheduler.scheduleWithFixedDelay(guarded(this.sources::poll, "poll"), this.pollInterval.toMillis(),
				this.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
		scheduler.scheduleWithFixedDelay(guarded(this::tick, "settle"), 0, this.tickInterval.toMillis(),
				TimeUnit.MILLISECONDS);
		this.running = true;
	}

	private void tick() {
		this.collector.tick();
		if (this.quota != null) {
			this.quota.run();
		}
		this.history.run();
	}

	/**
	 * An exception must not end a fixed-delay task (it would silently stop collecting).
	 */
	private static Runnable guarded(Runnable task, String name) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.error("Collect: " + name + " failed; it runs again at its next interval", ex);
			}
		};
	}

	@Override
	public void stop() {
		this.running = false;
		this.sources.close();
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
		}
		this.workers.shutdown();
		try {
			// A hand-off in flight may finish; one that does not is resumed from the
			// ledger at the next start.
			this.workers.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.workers.shutdownNow();
		try {
			this.ledger.close();
		}
		catch (IOException ex) {
			logger.warn("Collect: closing the ledger failed: " + ex.getMessage());
		}
		if (this.target instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// nothing left to do with it
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** After the child and the watcher are up, before the web server reports ready. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	List<Entry> files(@Nullable State state) {
		return this.ledger.all().stream().filter((entry) -> state == null || entry.state() == state).toList();
	}

	Optional<Entry> file(String id) {
		return this.ledger.get(id);
	}

	Optional<Entry> retry(String id) throws IOException {
		return this.collector.retry(id);
	}

	/**
	 * Counts and ages for {@code GET /api/collect}, health and the gauges.
	 * @return the summary
	 */
	public Summary summary() {
		Map<State, Integer> counts = new EnumMap<>(State.class);
		for (State state : State.values()) {
			counts.put(state, 0);
		}
		long backlog = 0;
		long oldest = Long.MAX_VALUE;
		for (Entry entry : this.ledger.all()) {
			counts.merge(entry.state(), 1, Integer::sum);
			if (entry.state().pending()) {
				backlog += entry.size();
				oldest = Math.min(oldest, entry.discoveredAt());
			}
		}
		long now = this.clock.millis();
		double oldestAge = (oldest == Long.MAX_VALUE) ? 0 : Math.max(0, now - oldest) / 1000.0;
		long lastPoll = this.sources.lastPollMillis();
		return new Summary(counts, backlog, oldestAge, this.sources.nativeEventsWanted(), this.sources.eventsActive(),
				this.sources.eventsError(), this.sources.eventErrors(),
				(lastPoll == 0) ? null : Math.max(0, now - lastPoll) / 1000.0, this.collector.ledgerError(),
				this.targetName, this.workers.getActiveCount());
	}

	Duration pollInterval() {
		return this.pollInterval;
	}

	/**
	 * The state of collection.
	 *
	 * @param counts entries per state
	 * @param backlogBytes bytes of files not yet DONE or FAILED
	 * @param oldestPendingAgeSeconds age of the oldest of them
	 * @param nativeEvents whether native events are configured
	 * @param nativeEventsActive whether they work now
	 * @param lastEventsError the last native-event failure (kept after they are reopened)
	 * @param eventsErrors native-event failures since start
	 * @param lastPollAgeSeconds time since the last completed poll
	 * @param ledgerError the ledger's current write failure
	 * @param target where files go
	 * @param busyWorkers hand-offs running now
	 */
	public record Summary(Map<State, Integer> counts, long backlogBytes, double oldestPendingAgeSeconds,
			boolean nativeEvents, boolean nativeEventsActive, @Nullable String lastEventsError, long eventsErrors,
			@Nullable Double lastPollAgeSeconds, @Nullable String ledgerError, String target, int busyWorkers) {

		public int pending() {
			return this.counts.entrySet()
				.stream()
				.filter((e) -> e.getKey().pending())
				.mapToInt(Map.Entry::getValue)
				.sum();
		}

	}

}
