package io.flushmanager.collect;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.collect.ledger.Entry;
import io.flushmanager.collect.ledger.Ledger;
import io.flushmanager.collect.ledger.State;
import io.flushmanager.time.Ticker;

/**
 * Where the sources (sweep, poll, native events) meet: a file seen by any of them becomes
 * one ledger entry, keyed by device and inode (and ctime once settled). {@link #tick}
 * decides when a file has been quiet for the settle time and when a retry is due, and
 * hands work to the workers; nothing here waits for a hand-off.
 */
final class Collector {

	private static final Log logger = LogFactory.getLog(Collector.class);

	private final Ledger ledger;

	private final HandOff handOff;

	private final Executor workers;

	private final Ticker ticker;

	private final Clock clock;

	private final CollectProperties.Retry retry;

	private final CollectStats stats;

	private final Settling settling;

	private final Map<String, Long> due = new HashMap<>();

	private final Set<String> busy = ConcurrentHashMap.newKeySet();

	private final Set<Long> refusedInodes = new HashSet<>();

	private volatile @Nullable String ledgerError;

	Collector(Ledger ledger, HandOff handOff, Executor workers, Ticker ticker, Clock clock, Duration settle,
			CollectProperties.Retry retry, CollectStats stats) {
		this.ledger = ledger;
		this.handOff = handOff;
		this.workers = workers;
		this.ticker = ticker;
		this.clock = clock;
		this.settling = new Settling(ticker, settle);
		this.retry = retry;
		this.stats = stats;
	}

	/**
	 * Files seen by a source. New ones are recorded DISCOVERED in one durable write.
	 * @param stats what each file's {@code lstat} said
	 */
	synchronized void observe(Collection<FileStat> stats) {
		List<Entry> fresh = new ArrayList<>();
		Map<String, Entry> freshByInode = new HashMap<>();
		long nowMillis = this.clock.millis();
		for (FileStat stat : stats) {
			if (!stat.regular()) {
				if (this.refusedInodes.add(stat.inode())) {
					logger.warn("Collect: " + stat.path() + " is not a regular file (FIFO, device, socket or link): "
							+ "never read, not collected");
				}
				continue;
			}
			if (CollectScope.ownTemporary(stat.path())
					|| freshByInode.containsKey(stat.device() + ":" + stat.inode())) {
				continue;
			}
			Optional<Entry> known = this.ledger.byInode(stat.device(), stat.inode());
			if (known.isPresent() && !isNewFile(known.get(), stat)) {
				if (known.get().state() == State.DISCOVERED && !this.busy.contains(known.get().id())) {
					this.settling.track(known.get().id(), stat);
				}
				continue;
			}
			Entry entry = Entry.discovered(UUID.randomUUID().toString(), stat.path(), stat.device(), stat.inode(),
					stat.size(), stat.mtime(), nowMillis);
			fresh.add(entry);
			freshByInode.put(stat.device() + ":" + stat.inode(), entry);
		}
		if (fresh.isEmpty()) {
			return;
		}
		try {
			this.ledger.putAll(fresh);
			this.ledgerError = null;
		}
		catch (IOException ex) {
			// Not recorded, so the next poll sees them as new again: nothing is lost.
			ledgerFailed(ex);
			return;
		}
		long now = this.ticker.nanoTime();
		for (Entry entry : fresh) {
			this.settling.start(entry.id(), entry.size(), entry.mtime(), now);
			logger.info("Collect: found " + entry.path() + " (" + entry.size() + " bytes, id " + entry.id() + ")");
		}
	}

	/**
	 * A file already in the ledger is a new one when it changed after it was settled
	 * (another ctime, size or mtime): the stored object no longer describes it.
	 */
	private static boolean isNewFile(Entry known, FileStat stat) {
		if (known.state() == State.DISCOVERED) {
			return false;
		}
		if (known.ctime() == 0) {
			// FAILED before it settled (vanished, removed by quota, unreadable): the same
			// inode at another
			// path or with other content is a new file that reuses the inode, not the
			// failed one.
			return !stat.path().equals(known.path()) || !stat.sameContentAs(known.size(), known.mtime());
		}
		if (known.state() == State.SETTLED) {
			// Its worker re-checks the file and settles it again if it changed.
			return false;
		}
		return stat.ctime() != known.ctime() || !stat.sameContentAs(known.size(), known.mtime());
	}

	/**
	 * Settle decisions and due retries: re-stats DISCOVERED files, submits what is ready.
	 */
	synchronized void tick() {
		long now = this.ticker.nanoTime();
		for (Entry entry : this.ledger.all()) {
			if (!entry.state().pending() || this.busy.contains(entry.id())) {
				continue;
			}
			Long when = this.due.get(entry.id());
			if (when != null && now - when < 0) {
				continue;
			}
			if (entry.state() == State.DISCOVERED && !this.settling.quietLongEnough(entry, now)) {
				continue;
			}
			submit(entry.id());
		}
	}

	private void submit(String id) {
		this.busy.add(id);
		try {
			this.workers.execute(() -> work(id));
		}
		catch (RuntimeException ex) {
			// Shutting down: the ledger keeps the entry for the next start.
			this.busy.remove(id);
		}
	}

	private void work(String id) {
		try {
			HandOff.Outcome outcome = this.handOff.advance(id);
			synchronized (this) {
				this.due.remove(id);
				this.settling.forget(id);
			}
			if (outcome == HandOff.Outcome.RESETTLE) {
				logger.debug("Collect: " + id + " settles again");
			}
			this.ledgerError = null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			failed(id, ex);
		}
		finally {
			this.busy.remove(id);
		}
	}

	private void failed(String id, Exception ex) {
		Entry entry = this.ledger.get(id).orElse(null);
		if (entry == null) {
			return;
		}
		String message = describe(ex);
		int attempts = entry.attempts() + 1;
		try {
			if (attempts >= this.retry.maxAttempts()) {
				this.ledger.put(entry.failedAttempt(message, attempts, this.clock.millis())
					.failed(message, this.clock.millis()));
				this.stats.result("failed");
				logger.error("Collect: " + entry.path() + " (id " + id + ") FAILED in " + entry.state() + " after "
						+ attempts + " attempts: " + message + "; POST /api/collect/files/" + id + "/retry retries it");
				return;
			}
			this.ledger.put(entry.failedAttempt(message, attempts, this.clock.millis()));
		}
		catch (IOException io) {
			ledgerFailed(io);
		}
		Duration delay = backoff(attempts);
		synchronized (this) {
			this.due.put(id, this.ticker.nanoTime() + delay.toNanos());
		}
		this.stats.result("retried");
		logger.warn("Collect: " + entry.path() + " (id " + id + ", " + entry.state() + ") attempt " + attempts + " of "
				+ this.retry.maxAttempts() + " failed: " + message + "; next in " + delay.toMillis() + "ms");
	}

	Duration backoff(int attempts) {
		Duration delay = this.retry.initial();
		for (int i = 1; i < attempts && delay.compareTo(this.retry.max()) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		return (delay.compareTo(this.retry.max()) > 0) ? this.retry.max() : delay;
	}

	private void ledgerFailed(IOException ex) {
		String message = "ledger write failed: " + describe(ex);
		if (!message.equals(this.ledgerError)) {
			logger.error("Collect: " + message + " (disk full?); files stay where they are and are retried");
		}
		this.ledgerError = message;
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

	/**
	 * A FAILED entry back to where it failed.
	 * @param id the entry
	 * @return the entry after the retry was recorded, empty when there is no such FAILED
	 * entry
	 * @throws IOException when the ledger cannot record it
	 */
	synchronized Optional<Entry> retry(String id) throws IOException {
		Optional<Entry> entry = this.ledger.get(id).filter((e) -> e.state() == State.FAILED);
		if (entry.isEmpty()) {
			return Optional.empty();
		}
		Entry retried = entry.get().retried(this.clock.millis());
		this.ledger.put(retried);
		this.due.remove(id);
		this.settling.forget(id);
		logger.info("Collect: retry of " + retried.path() + " (id " + id + ") from " + retried.state() + " asked for");
		return Optional.of(retried);
	}

	@Nullable String ledgerError() {
		return this.ledgerError;
	}

	Ledger ledger() {
		return this.ledger;
	}

	/** For tests: whether a worker holds the entry. */
	boolean busy(String id) {
		return this.busy.contains(id);
	}

}
