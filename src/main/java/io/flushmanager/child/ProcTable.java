package io.flushmanager.child;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One pass over {@code /proc}: every process's parent, group and session, to find the
 * members of a tree by parent links, by process group and by session. Empty where there
 * is no {@code /proc}.
 */
final class ProcTable {

	private static final Log logger = LogFactory.getLog(ProcTable.class);

	private static final Path PROC = Path.of("/proc");

	private final Map<Long, ProcStat> byPid;

	private final Map<Long, List<ProcStat>> byParent = new HashMap<>();

	private ProcTable(Map<Long, ProcStat> byPid) {
		this.byPid = byPid;
		for (ProcStat stat : byPid.values()) {
			this.byParent.computeIfAbsent(stat.ppid(), (ppid) -> new ArrayList<>()).add(stat);
		}
	}

	/**
	 * The JVM's PID once it is a child subreaper, else 0. A subreaper keeps every process
	 * its children's trees leave behind among its own descendants, so the JVM's subtree
	 * then holds every process a table is asked about: reading it costs a few files
	 * instead of one per process on the machine.
	 */
	private static volatile long subtreeRoot;

	/**
	 * From now on, read only the subtree of this process (the JVM, once it is a
	 * subreaper).
	 * @param root the PID
	 */
	static void limitToSubtreeOf(long root) {
		if (Files.isReadable(PROC.resolve(root + "/task/" + root + "/children"))) {
			subtreeRoot = root;
		}
	}

	/**
	 * Read the stat of every process that matters now: the JVM's subtree once it is a
	 * subreaper, else every process in {@code /proc}.
	 * @return the table, empty when there is no {@code /proc}
	 */
	static ProcTable read() {
		long root = subtreeRoot;
		return (root > 0) ? readSubtree(root) : readAll();
	}

	/**
	 * The subtree of a process through {@code /proc/<pid>/task/<tid>/children} (each
	 * thread's own children: a process re-parented to a subreaper can land on any of its
	 * threads).
	 */
	private static ProcTable readSubtree(long root) {
		Map<Long, ProcStat> tree = new HashMap<>();
		Deque<Long> pending = new ArrayDeque<>(List.of(root));
		while (!pending.isEmpty()) {
			long pid = pending.pop();
			ProcStat stat = ProcStat.read(pid);
			if (stat == null || tree.putIfAbsent(pid, stat) != null) {
				continue;
			}
			try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(pid + "/task"))) {
				for (Path task : tasks) {
					for (String child : Files.readString(task.resolve("children")).split(" ")) {
						if (!child.isBlank()) {
							pending.push(Long.parseLong(child.strip()));
						}
					}
				}
			}
			catch (IOException | NumberFormatException ex) {
				// Gone meanwhile (or a thread gone): what was read stands.
			}
		}
		return new ProcTable(tree);
	}

	private static ProcTable readAll() {
		Map<Long, ProcStat> all = new HashMap<>();
		if (!Files.isDirectory(PROC)) {
			return new ProcTable(all);
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
			for (Path entry : entries) {
				ProcStat stat = ProcStat.read(Long.parseLong(entry.getFileName().toString()));
				if (stat != null) {
					all.put(stat.pid(), stat);
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			logger.debug("Could not list the processes in /proc: " + ex);
		}
		return new ProcTable(all);
	}

	boolean isEmpty() {
		return this.byPid.isEmpty();
	}

	Collection<ProcStat> all() {
		return this.byPid.values();
	}

	List<ProcStat> childrenOf(long ppid) {
		return this.byParent.getOrDefault(ppid, List.of());
	}

	/**
	 * Every descendant of a process by parent links, zombies included, the root excluded.
	 * @param root the process
	 * @return the PIDs in discovery order
	 */
	Set<Long> descendants(long root) {
		Set<Long> descendants = new LinkedHashSet<>();
		Deque<Long> parents = new ArrayDeque<>(List.of(root));
		while (!parents.isEmpty()) {
			for (ProcStat child : childrenOf(parents.pop())) {
				if (child.pid() != root && descendants.add(child.pid())) {
					parents.push(child.pid());
				}
			}
		}
		return descendants;
	}

	/**
	 * The live (not zombie) members of a process group.
	 * @param pgid the group ID
	 * @return the PIDs
	 */
	Set<Long> group(long pgid) {
		return live((stat) -> stat.pgrp() == pgid);
	}

	/**
	 * The live members of a session: what the child's tree left behind keeps its session
	 * unless it called {@code setsid} itself.
	 * @param sid the session ID
	 * @return the PIDs
	 */
	Set<Long> session(long sid) {
		return live((stat) -> stat.session() == sid);
	}

	private Set<Long> live(Predicate<ProcStat> member) {
		Set<Long> pids = new LinkedHashSet<>();
		for (ProcStat stat : this.byPid.values()) {
			if (member.test(stat) && !stat.zombie()) {
				pids.add(stat.pid());
			}
		}
		return pids;
	}

}
