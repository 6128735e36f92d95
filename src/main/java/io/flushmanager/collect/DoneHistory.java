package io.flushmanager.collect;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.flushmanager.collect.ledger.Entry;
import io.flushmanager.collect.ledger.Ledger;
import io.flushmanager.collect.ledger.State;

/**
 * Keeps the ledger from growing for as long as the node lives. A DONE entry whose file is
 * gone can never be handed off again (a file is known by its device and inode, and that
 * file no longer exists), so it is history only: the newest {@link #KEEP} stay for the
 * API, older ones are forgotten once they are a day old. A file that cannot be stat'ed
 * for any other reason than its absence is not gone: a volume that is back later must not
 * bring its files back as new.
 */
final class DoneHistory implements Runnable {

	private static final Log logger = LogFactory.getLog(DoneHistory.class);

	static final int KEEP = 1000;

	static final Duration MIN_AGE = Duration.ofDays(1);

	private static final Duration EVERY = Duration.ofMinutes(1);

	private final Ledger ledger;

	private final Clock clock;

	private long lastRun = Long.MIN_VALUE;

	DoneHistory(Ledger ledger, Clock clock) {
		this.ledger = ledger;
		this.clock = clock;
	}

	@Override
	public void run() {
		long now = this.clock.millis();
		if (this.lastRun != Long.MIN_VALUE && now - this.lastRun < EVERY.toMillis()) {
			return;
		}
		this.lastRun = now;
		prune(now);
	}

	/**
	 * Forget what is past the history kept.
	 * @param now wall-clock milliseconds
	 * @return how many entries were forgotten
	 */
	int prune(long now) {
		List<Entry> done = this.ledger.all().stream().filter((entry) -> entry.state() == State.DONE).toList();
		if (done.size() <= KEEP) {
			// Fewer than are kept anyway: no stat calls.
			return 0;
		}
		List<Entry> gone = new ArrayList<>();
		for (Entry entry : done) {
			if (gone(entry)) {
				gone.add(entry);
			}
		}
		if (gone.size() <= KEEP) {
			return 0;
		}
		gone.sort(Comparator.comparingLong(Entry::updatedAt).reversed());
		List<String> forget = gone.subList(KEEP, gone.size())
			.stream()
			.filter((entry) -> now - entry.updatedAt() >= MIN_AGE.toMillis())
			.map(Entry::id)
			.toList();
		if (forget.isEmpty()) {
			return 0;
		}
		try {
			this.ledger.forget(forget);
			logger.info("Collect: forgot " + forget.size() + " DONE entries whose files are gone (the newest " + KEEP
					+ " are kept for the API)");
			return forget.size();
		}
		catch (IOException ex) {
			logger.warn("Collect: could not rewrite the ledger to forget old DONE entries (" + ex.getMessage()
					+ "); trying again later");
			return 0;
		}
	}

	private static boolean gone(Entry entry) {
		try {
			Optional<FileStat> stat = FileStat.of(entry.path());
			return stat.isEmpty() || stat.get().device() != entry.device() || stat.get().inode() != entry.inode();
		}
		catch (IOException ex) {
			return false;
		}
	}

}
