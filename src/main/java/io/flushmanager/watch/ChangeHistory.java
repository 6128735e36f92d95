package io.flushmanager.watch;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bounded, in-memory change history of every watched file.
 */
public class ChangeHistory {

	private final int sizePerFile;

	private final Map<Path, Deque<ChangeRecord>> byPath = new LinkedHashMap<>();

	private long nextId = 1;

	public ChangeHistory(int sizePerFile) {
		this.sizePerFile = sizePerFile;
	}

	/**
	 * Append an entry, giving it the next id.
	 * @param entry the entry; its id is replaced
	 * @return the stored entry
	 */
	public synchronized ChangeRecord add(ChangeRecord entry) {
		ChangeRecord stored = new ChangeRecord(this.nextId++, entry.at(), entry.path(), entry.source(),
				entry.oldInode(), entry.newInode(), entry.oldSha256(), entry.newSha256(), entry.resolvedPath(),
				entry.action(), entry.cause());
		Deque<ChangeRecord> entries = this.byPath.computeIfAbsent(stored.path(), (key) -> new ArrayDeque<>());
		entries.addLast(stored);
		while (entries.size() > this.sizePerFile) {
			entries.removeFirst();
		}
		return stored;
	}

	/**
	 * Set the action of entries still held.
	 * @param ids entry ids
	 * @param action the action
	 */
	public void resolve(Collection<Long> ids, ChangeAction action) {
		resolve(ids, new ChangeOutcome(action, null));
	}

	/**
	 * Record what acting on entries came to, and why.
	 * @param ids entry ids
	 * @param outcome the outcome
	 */
	public synchronized void resolve(Collection<Long> ids, ChangeOutcome outcome) {
		for (Deque<ChangeRecord> entries : this.byPath.values()) {
			List<ChangeRecord> copy = new ArrayList<>(entries);
			entries.clear();
			for (ChangeRecord entry : copy) {
				entries
					.addLast(ids.contains(entry.id()) ? entry.withOutcome(outcome.action(), outcome.cause()) : entry);
			}
		}
	}

	/**
	 * All entries, newest first.
	 * @return a copy
	 */
	public synchronized List<ChangeRecord> entries() {
		List<ChangeRecord> all = new ArrayList<>();
		this.byPath.values().forEach(all::addAll);
		all.sort(Comparator.comparingLong(ChangeRecord::id).reversed());
		return all;
	}

	/**
	 * The entries of one file, newest first.
	 * @param path the visible path as configured
	 * @return a copy, empty for an unknown path
	 */
	public synchronized List<ChangeRecord> entries(Path path) {
		List<ChangeRecord> entries = new ArrayList<>(this.byPath.getOrDefault(path, new ArrayDeque<>()));
		java.util.Collections.reverse(entries);
		return entries;
	}

}
