package io.flushmanager.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.collect.ledger.Entry;
import io.flushmanager.collect.ledger.Ledger;
import io.flushmanager.collect.ledger.State;

/**
 * Local clean-up ({@code quota.max-bytes}, {@code quota.max-age}): removes the oldest
 * files that are DONE (stored, verified and handed off) first. A file not yet stored is
 * removed only past {@code quota.hard-max-bytes}, with an error in the log, the counter
 * {@code flush_manager_collect_files_total{result="removed_unstored"}} and its entry
 * FAILED.
 */
final class QuotaCleaner implements Runnable {

	private static final Log logger = LogFactory.getLog(QuotaCleaner.class);

	private static final Duration EVERY = Duration.ofSeconds(10);

	private final Ledger ledger;

	private final CollectProperties.Quota quota;

	private final Clock clock;

	private final CollectStats stats;

	private long lastRun;

	QuotaCleaner(Ledger ledger, CollectProperties.Quota quota, Clock clock, CollectStats stats) {
		this.ledger = ledger;
		this.quota = quota;
		this.clock = clock;
		this.stats = stats;
	}

	static @Nullable QuotaCleaner of(Ledger ledger, CollectProperties.Quota quota, Clock clock, CollectStats stats) {
		if (quota.maxBytes() == null && quota.maxAge() == null && quota.hardMaxBytes() == null) {
			return null;
		}
		return new QuotaCleaner(ledger, quota, clock, stats);
	}

	private record Local(Entry entry, long size, long mtimeMillis) {

	}

	@Override
	public void run() {
		long now = this.clock.millis();
		if (now - this.lastRun < EVERY.toMillis()) {
			return;
		}
		this.lastRun = now;
		clean(now);
	}

	void clean(long now) {
		List<Local> done = new ArrayList<>();
		List<Local> unstored = new ArrayList<>();
		long total = 0;
		for (Entry entry : this.ledger.all()) {
			Optional<FileStat> stat = stat(entry);
			if (stat.isEmpty()) {
				continue;
			}
			Local local = new Local(entry, stat.get().size(), stat.get().mtime() / 1_000_000);
			total += local.size();
			if (entry.state() == State.DONE) {
				done.add(local);
			}
			else if (entry.state() == State.DISCOVERED || entry.state() == State.SETTLED
					|| (entry.state() == State.FAILED && (entry.url() == null || entry.url().isEmpty()))) {
				unstored.add(local);
			}
		}
		done.sort(Comparator.comparingLong(Local::mtimeMillis));
		unstored.sort(Comparator.comparingLong(Local::mtimeMillis));
		for (Local local : done) {
			boolean tooOld = this.quota.maxAge() != null && now - local.mtimeMillis() > this.quota.maxAge().toMillis();
			boolean tooMuch = this.quota.maxBytes() != null && total > this.quota.maxBytes().toBytes();
			if ((tooOld || tooMuch) && remove(local, "stored and verified as " + local.entry().url())) {
				total -= local.size();
			}
		}
		for (Local local : unstored) {
			if (this.quota.hardMaxBytes() == null || total <= this.quota.hardMaxBytes().toBytes()) {
				break;
			}
			String reason = "NOT STORED: local files exceed quota.hard-max-bytes (" + this.quota.hardMaxBytes() + ")";
			if (remove(local, reason)) {
				total -= local.size();
				this.stats.result("removed_unstored");
				try {
					this.ledger.put(local.entry().failed("removed by quota.hard-max-bytes before it was stored", now));
				}
				catch (IOException ex) {
					logger.error("Collect: could not record the removal of " + local.entry().path() + ": "
							+ ex.getMessage());
				}
			}
		}
	}

	private static Optional<FileStat> stat(Entry entry) {
		try {
			return FileStat.of(entry.path()).filter((s) -> s.inode() == entry.inode() && s.device() == entry.device());
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static boolean remove(Local local, String why) {
		try {
			Files.deleteIfExists(local.entry().path());
			String message = "Collect: quota removed " + local.entry().path() + " (" + local.size() + " bytes, id "
					+ local.entry().id() + "): " + why;
			if (local.entry().state() == State.DONE) {
				logger.info(message);
			}
			else {
				logger.error(message);
			}
			return true;
		}
		catch (IOException ex) {
			logger.warn("Collect: quota could not remove " + local.entry().path() + ": " + ex.getMessage());
			return false;
		}
	}

}
