package io.flushmanager.child;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.config.Durations;
import io.flushmanager.config.Signal;

/**
 * The child's process tree as the kernel sees it: the child, its process group (when it leads one) and
 * its descendants. Signals it and waits for it to be gone. Java can send neither arbitrary signals nor
 * signals to a process group, so signals go through the shell's built-in {@code kill}. A zombie counts as
 * gone: it holds no resources but a PID, and an init that does not reap orphans would keep it forever.
 */
final class ProcessTree {

	private static final Log logger = LogFactory.getLog(ProcessTree.class);

	private static final Path PROC = Path.of("/proc");

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long GROUP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	/** How long SIGKILLed leftovers may take to disappear before we report them. */
	private static final Duration AFTER_KILL = Duration.ofSeconds(5);

	/** How often to repeat SIGKILL (and warn) while the child has not exited, e.g. stuck in the D state. */
	private static final Duration KILL_REPEAT = Duration.ofSeconds(10);

	private final List<String> kill;

	ProcessTree(List<String> kill) {
		this.kill = List.copyOf(kill);
	}

	/**
	 * A tree that signals with the shell's built-in {@code kill}. Not the {@code kill} program: procps-ng
	 * 4.0.2 (Debian bookworm) reads {@code kill -s TERM -- -33} as signal 33 with no PID, so a process
	 * group whose id is also a signal number (1-64: every child in a container) would never be signalled.
	 * @return the process tree helper
	 */
	static ProcessTree detect() {
		return new ProcessTree(List.of("/bin/sh", "-c", "kill \"$@\"", "kill"));
	}

	/**
	 * Stop a child: the signal to its group (or to it alone when it leads none) and to every descendant
	 * seen before signalling; wait up to {@code timeout} for all of them to be gone; then SIGKILL whatever
	 * is left. Returns only once the child's exit has been seen.
	 * @param process the child
	 * @param group whether the child was spawned to lead its own process group
	 * @param signal the graceful stop signal
	 * @param timeout how long the tree may take to go
	 * @return how it went
	 * @throws InterruptedException if interrupted while waiting
	 */
	StopResult stop(Process process, boolean group, Signal signal, Duration timeout) throws InterruptedException {
		ProcessHandle root = process.toHandle();
		// Already reaped: it did run, so it formed its group, which may still hold its descendants.
		boolean ownGroup = group && (!process.isAlive() || awaitOwnGroup(root.pid()));
		long pgid = ownGroup ? root.pid() : 0;
		Set<ProcessHandle> tree = members(root, ownGroup);
		send(signal.name(), process, pgid, tree);
		// Timed from when the signal was sent: running kill is our cost, not the child's shutdown time.
		long signalled = System.nanoTime();
		long deadline = signalled + timeout.toNanos();
		boolean exited = awaitExit(process, deadline, ownGroup, tree);
		long exitSeen = System.nanoTime();
		if (exited && awaitGone(tree, pgid, deadline)) {
			return new StopResult(true, signalled, exitSeen, 0);
		}
		if (process.isAlive()) {
			tree.addAll(members(root, ownGroup));
		}
		send("KILL", process, pgid, tree);
		while (!process.waitFor(KILL_REPEAT.toNanos(), TimeUnit.NANOSECONDS)) {
			logger.warn("Child process (PID: " + root.pid() + ") has not exited " + Durations.format(KILL_REPEAT)
					+ " after SIGKILL (state " + state(root.pid()) + "); sending SIGKILL again");
			send("KILL", process, pgid, tree);
		}
		exitSeen = exited ? exitSeen : System.nanoTime();
		awaitGone(tree, pgid, System.nanoTime() + AFTER_KILL.toNanos());
		if (!tree.isEmpty()) {
			logger.warn("Processes " + pids(tree) + " of the tree of child process " + root.pid()
					+ " are still there " + Durations.format(AFTER_KILL) + " after SIGKILL");
		}
		return new StopResult(false, signalled, exitSeen, tree.size());
	}

	/**
	 * After the child exited on its own, stop what it left in its process group (background processes
	 * that would otherwise hold ports or files the next child needs): the signal, {@code timeout}, SIGKILL.
	 * @param pgid the dead child's PID, which was its process group ID
	 * @param signal the graceful stop signal
	 * @param timeout how long they may take to go
	 * @return how many processes were left in the group
	 * @throws InterruptedException if interrupted while waiting
	 */
	int stopLeftovers(long pgid, Signal signal, Duration timeout) throws InterruptedException {
		Set<ProcessHandle> left = groupMembers(pgid);
		if (left.isEmpty()) {
			return 0;
		}
		logger.warn("Child process (PID: " + pgid + ") left " + left.size() + " process(es) in its group: " + pids(left)
				+ "; stopping them with SIG" + signal.name());
		send(signal.name(), null, pgid, left);
		if (!awaitGone(left, pgid, System.nanoTime() + timeout.toNanos())) {
			logger.warn("Processes " + pids(left) + " left by child process " + pgid + " did not stop within "
					+ Durations.format(timeout) + "; sending SIGKILL");
			send("KILL", null, pgid, left);
			awaitGone(left, pgid, System.nanoTime() + AFTER_KILL.toNanos());
		}
		return left.size();
	}

	/**
	 * Send a signal to the child's group (or the child alone when it leads none).
	 * @param signal signal name without {@code SIG}, such as {@code HUP}
	 * @param process the child
	 * @param group whether it was spawned to lead its own process group
	 * @throws IOException when the signal could not be sent
	 */
	void signal(String signal, Process process, boolean group) throws IOException {
		if (!process.isAlive()) {
			throw new IOException("Child process " + process.pid() + " has exited");
		}
		boolean ownGroup = group && awaitOwnGroup(process.pid());
		KillResult result = kill(signal, ownGroup ? process.pid() : 0, List.of(process.pid()));
		if (result.exitCode() != 0) {
			throw new IOException("kill -s " + signal + " failed (exit code " + result.exitCode() + "): "
					+ result.output().strip());
		}
	}

	/**
	 * The processes that belong to a tree now, the root excluded: its descendants, plus the members of
	 * its process group when it leads one.
	 * @param root the child
	 * @param group whether the child leads its own process group
	 * @return a mutable set, in discovery order
	 */
	Set<ProcessHandle> members(ProcessHandle root, boolean group) {
		List<ProcStat> all = all();
		if (all.isEmpty()) {
			// No /proc: the JDK's own view of descendants, without the group.
			return root.descendants().collect(Collectors.toCollection(LinkedHashSet::new));
		}
		// One pass over /proc for both: descendants by parent links, and the group.
		Map<Long, List<ProcStat>> children = new HashMap<>();
		Set<Long> pids = new LinkedHashSet<>();
		for (ProcStat stat : all) {
			children.computeIfAbsent(stat.ppid(), (ppid) -> new ArrayList<>()).add(stat);
			if (group && stat.pgrp() == root.pid() && !stat.zombie()) {
				pids.add(stat.pid());
			}
		}
		Set<Long> descendants = new LinkedHashSet<>();
		Deque<Long> parents = new ArrayDeque<>(List.of(root.pid()));
		while (!parents.isEmpty()) {
			for (ProcStat child : children.getOrDefault(parents.pop(), List.of())) {
				if (descendants.add(child.pid())) {
					parents.push(child.pid());
				}
			}
		}
		pids.addAll(descendants);
		pids.remove(root.pid());
		return handles(pids);
	}

	/**
	 * The live (not zombie) members of a process group, read from {@code /proc}.
	 * @param pgid the group ID
	 * @return a mutable set
	 */
	Set<ProcessHandle> groupMembers(long pgid) {
		Set<Long> pids = new LinkedHashSet<>();
		for (ProcStat stat : all()) {
			if (stat.pgrp() == pgid && !stat.zombie()) {
				pids.add(stat.pid());
			}
		}
		return handles(pids);
	}

	private static Set<ProcessHandle> handles(Set<Long> pids) {
		Set<ProcessHandle> handles = new LinkedHashSet<>();
		for (Long pid : pids) {
			ProcessHandle.of(pid).ifPresent(handles::add);
		}
		return handles;
	}

	/** Every process's stat, or nothing when there is no {@code /proc}. */
	private static List<ProcStat> all() {
		List<ProcStat> all = new ArrayList<>();
		if (!Files.isDirectory(PROC)) {
			return all;
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
			for (Path entry : entries) {
				ProcStat stat = ProcStat.read(Long.parseLong(entry.getFileName().toString()));
				if (stat != null) {
					all.add(stat);
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			logger.debug("Could not list the processes in /proc: " + ex);
		}
		return all;
	}

	/**
	 * Whether a process is gone: exited, reaped, or a zombie.
	 * @param handle the process
	 * @return {@code true} if it no longer runs
	 */
	static boolean gone(ProcessHandle handle) {
		if (!handle.isAlive()) {
			return true;
		}
		ProcStat stat = ProcStat.read(handle.pid());
		return stat != null && stat.zombie();
	}

	private boolean awaitExit(Process process, long deadline, boolean group, Set<ProcessHandle> tree)
			throws InterruptedException {
		ProcessHandle root = process.toHandle();
		while (true) {
			long remaining = deadline - System.nanoTime();
			if (process.waitFor(Math.max(0, Math.min(remaining, SLICE_NANOS)), TimeUnit.NANOSECONDS)) {
				return true;
			}
			if (remaining <= 0) {
				return false;
			}
			// Still running: processes it forked since the signal are part of what must go.
			tree.addAll(members(root, group));
		}
	}

	/** Wait until every process of the set (and of the group, if {@code pgid > 0}) is gone, or the deadline. */
	private boolean awaitGone(Set<ProcessHandle> tree, long pgid, long deadline) throws InterruptedException {
		while (true) {
			if (pgid > 0) {
				tree.addAll(groupMembers(pgid));
			}
			tree.removeIf(ProcessTree::gone);
			if (tree.isEmpty()) {
				return true;
			}
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
		}
	}

	/**
	 * Signal the group (when {@code pgid > 0}), the child while Java has not reaped it (a reaped PID may be
	 * reused), and the other processes that are still there and outside the group.
	 */
	private void send(String signal, @Nullable Process process, long pgid, Collection<ProcessHandle> others) {
		List<Long> pids = new ArrayList<>();
		if (process != null && process.isAlive()) {
			pids.add(process.pid());
		}
		for (ProcessHandle other : others) {
			if (!gone(other)) {
				pids.add(other.pid());
			}
		}
		try {
			KillResult result = kill(signal, pgid, pids);
			if (result.exitCode() != 0 && logger.isDebugEnabled()) {
				// Usually a process that went away in the meantime.
				logger.debug("kill -s " + signal + " exited " + result.exitCode() + ": " + result.output().strip());
			}
		}
		catch (IOException ex) {
			logger.error("Could not send SIG" + signal + " to the tree of child process " + pgid + ": " + ex.getMessage());
		}
	}

	/** Run {@code kill -s <signal> -- [-<pgid>] <pids>}, leaving out the PIDs the group signal reaches. */
	private KillResult kill(String signal, long pgid, List<Long> pids) throws IOException {
		List<String> command = new ArrayList<>(this.kill);
		command.addAll(List.of("-s", signal, "--"));
		if (pgid > 0) {
			command.add("-" + pgid);
		}
		for (Long pid : pids) {
			if (pgid <= 0 || !inGroup(pid, pgid)) {
				command.add(Long.toString(pid));
			}
		}
		if (command.size() == this.kill.size() + 3) {
			return new KillResult(0, "");
		}
		Process kill = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		try {
			String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return new KillResult(kill.waitFor(), output);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while running kill", ex);
		}
	}

	/**
	 * Whether the child leads its own group yet. Java returns from spawning once {@code setsid} has been
	 * exec'd, a moment before it calls {@code setsid()}; a group signal sent in between would reach nobody.
	 */
	private static boolean awaitOwnGroup(long pid) {
		long deadline = System.nanoTime() + GROUP_WAIT_NANOS;
		while (true) {
			ProcStat stat = ProcStat.read(pid);
			if (stat == null) {
				return false;
			}
			if (stat.pgrp() == pid) {
				return true;
			}
			if (stat.zombie()) {
				return false;
			}
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			try {
				TimeUnit.MILLISECONDS.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
	}

	private static boolean inGroup(long pid, long pgid) {
		ProcStat stat = ProcStat.read(pid);
		return stat != null && stat.pgrp() == pgid;
	}

	private static String state(long pid) {
		ProcStat stat = ProcStat.read(pid);
		return (stat != null) ? String.valueOf(stat.state()) : "?";
	}

	private static String pids(Collection<ProcessHandle> handles) {
		return handles.stream().map((handle) -> Long.toString(handle.pid())).collect(Collectors.joining(", ", "[", "]"));
	}

	/**
	 * How a stop went.
	 *
	 * @param graceful whether the tree was gone before the timeout
	 * @param signalledNanos {@link System#nanoTime()} when the stop signal was sent
	 * @param exitSeenNanos {@link System#nanoTime()} when the child's exit was seen
	 * @param leftover processes still there after SIGKILL (normally 0)
	 */
	record StopResult(boolean graceful, long signalledNanos, long exitSeenNanos, int leftover) {

	}

	private record KillResult(int exitCode, String output) {

	}

}
