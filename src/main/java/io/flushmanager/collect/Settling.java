package io.flushmanager.collect;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.flushmanager.collect.ledger.Entry;
import io.flushmanager.time.Ticker;

/**
 * Whether a DISCOVERED file has been quiet (same size and mtime) for the settle time. Its
 * own type because it is the one timing rule of detection, measured on the
 * {@link Ticker}, while the {@link Collector} decides what happens to the entry. Not
 * thread-safe: the collector calls it under its own lock.
 */
final class Settling {

	/**
	 * A file's last seen size and mtime, and since when (ticker) they have not changed.
	 */
	private record Quiet(long size, long mtime, long since) {

	}

	private final Ticker ticker;

	private final Duration settle;

	private final Map<String, Quiet> quiet = new HashMap<>();

	Settling(Ticker ticker, Duration settle) {
		this.ticker = ticker;
		this.settle = settle;
	}

	/** A file just recorded: its quiet time starts now. */
	void start(String id, long size, long mtime, long now) {
		this.quiet.put(id, new Quiet(size, mtime, now));
	}

	/** A source saw the file again: the quiet time restarts only when it changed. */
	void track(String id, FileStat stat) {
		Quiet last = this.quiet.get(id);
		if (last == null || !stat.sameContentAs(last.size(), last.mtime())) {
			this.quiet.put(id, new Quiet(stat.size(), stat.mtime(), this.ticker.nanoTime()));
		}
	}

	/**
	 * Re-stat the file: true when it has been quiet long enough, or is gone (its worker
	 * records that).
	 */
	boolean quietLongEnough(Entry entry, long now) {
		Optional<FileStat> stat;
		try {
			stat = FileStat.of(entry.path());
		}
		catch (IOException ex) {
			return false;
		}
		if (stat.isEmpty() || stat.get().inode() != entry.inode()) {
			// Gone before it settled: the worker records that.
			return true;
		}
		Quiet last = this.quiet.get(entry.id());
		if (last == null || !stat.get().sameContentAs(last.size(), last.mtime())) {
			this.quiet.put(entry.id(), new Quiet(stat.get().size(), stat.get().mtime(), now));
			return false;
		}
		return now - last.since() >= this.settle.toNanos();
	}

	void forget(String id) {
		this.quiet.remove(id);
	}

}
