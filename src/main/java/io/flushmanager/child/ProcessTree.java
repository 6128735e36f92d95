package io.flushmanager.child;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.sun.jna.LastErrorException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.config.Durations;
import io.flushmanager.config.Signal;

/**
 * The child's process tree as the kernel sees it: the child, its process group (when it leads one), its
 * descendants, and the orphans it left with the JVM as their subreaper ({@link Containment}). Signals it
 * with {@code kill(2)} and waits for it to be gone. Without native calls, signals go through the shell's
 * built-in {@code kill}. A zombie counts as gone: it holds no resources but a PID.
 */
final class ProcessTree {

	private static final Log logger = LogFactory.getLog(ProcessTree.class);

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long GROUP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	/** How long SIGKILLed leftovers may take to disappear before we report them. */
	private static final Duration AFTER_KILL = Duration.ofSeconds(5);

	/** How often to repeat SIGKILL (and warn) while the child has not exited, e.g. stuck in the D state. */
	private static final Duration KILL_REPEAT = Duration.ofSeconds(10);

	/**
	 * The shell's built-in {@code kill}, when there are no native calls. Not the {@code kill} program:
	 * procps-ng 4.0.2 (Debian bookworm) reads {@code kill -s TERM -- -33} as signal 33 with no PID.
	 */
	private static final List<String> SHELL_KILL = List.of("/bin/sh", "-c", "kill \"$@\"", "kill");

	private final @Nullable Posix posix;

	private final Containment containment;

	ProcessTree(@Nullable Posix posix, Containment containment) {
		this.posix = posix;
		this.containment = containment;
	}

	/**
	 * A tree that signals through {@code kill(2)} where JNA loads, else through the shell.
	 * @return the process tree helper
	 */
	static ProcessTree detect() {
		return new ProcessTree(Posix.get(), Containment.shared());
	}

	Containment containment() {
		return this.containment;
	}

	/**
	 * Stop a child: the signal to its group (or to it alone when it leads none) and to every descendant
	 * and orphan seen before signalling; wait up to {@code timeout} for all of them to be gone; then SIGKILL
	 * whatever is left. Returns only once the child's exit has been seen.
	 * @param process the child
	 * @param group whether the child was spawned to lead its own process group
	 * @param signal the graceful stop signal
	 * @param timeout how long the tree may take to go
	 * @return how it went
	 * @throws InterruptedException if interrupted while waiting
	 */
	StopResult stop(Process process, boolean group, Signal signal, Duration timeout) throws InterruptedException {
		long root = process.pid();
		// Already reaped: it did run, so it formed its group, which may still hold its descendants.
		boolean ownGroup = group && (!process.isAlive() || awaitOwnGroup(root));
		long pgid = ownGroup ? root : 0;
		Set<Long> tree = members(root, ownGroup);
		send(signal.number(), process, pgid, tree);
		// Timed from when the signal was sent: signalling is our cost, not the child's shutdown time.
		long signalled = System.nanoTime();
		long deadline = signalled + timeout.toNanos();
		boolean exited = awaitExit(process, deadline, ownGroup, tree);
		long exitSeen = System.nanoTime();
		if (exited && awaitGone(tree, pgid, deadline)) {
			reapOrphans();
			return new StopResult(true, signalled, exitSeen, 0);
		}
		if (process.isAlive()) {
			tree.addAll(members(root, ownGroup));
		}
		send(Posix.SIGKILL, process, pgid, tree);
		while (!process.waitFor(KILL_REPEAT.toNanos(), TimeUnit.NANOSECONDS)) {
			logger.warn("Child process (PID: " + root + ") has not exited " + Durations.format(KILL_REPEAT)
					+ " after SIGKILL (state " + state(root) + "); sending SIGKILL again");
			send(Posix.SIGKILL, process, pgid, tree);
		}
		exitSeen = exited ? exitSeen : System.nanoTime();
		awaitGone(tree, pgid, System.nanoTime() + AFTER_KILL.toNanos());
		reapOrphans();
		if (!tree.isEmpty()) {
			logger.warn("Processes " + tree + " of the tree of child process " + root + " are still there "
					+ Durations.format(AFTER_KILL) + " after SIGKILL");
		}
		return new StopResult(false, signalled, exitSeen, tree.size());
	}

	/**
	 * After the child exited on its own, stop what it left: its process group (background processes that
	 * would otherwise hold ports or files the next child needs) and the orphans: the signal,
	 * {@code timeout}, SIGKILL.
	 * @param pgid the dead child's PID, which was its process group ID (0 when it led none)
	 * @param signal the graceful stop signal
	 * @param timeout how long they may take to go
	 * @return how many processes were left
	 * @throws InterruptedException if interrupted while waiting
	 */
	int stopLeftovers(long pgid, Signal signal, Duration timeout) throws InterruptedException {
		ProcTable table = ProcTable.read();
		Set<Long> left = (pgid > 0) ? table.group(pgid) : new LinkedHashSet<>();
		left.addAll(this.containment.orphans(table));
		if (left.isEmpty()) {
			reapOrphans();
			return 0;
		}
		logger.warn("Child process (PID: " + pgid + ") left " + left.size() + " process(es) behind: " + left
				+ "; stopping them with SIG" + signal.name());
		send(signal.number(), null, pgid, left);
		if (!awaitGone(left, pgid, System.nanoTime() + timeout.toNanos())) {
			logger.warn("Processes " + left + " left by child process " + pgid + " did not stop within "
					+ Durations.format(timeout) + "; sending SIGKILL");
			send(Posix.SIGKILL, null, pgid, left);
			awaitGone(left, pgid, System.nanoTime() + AFTER_KILL.toNanos());
		}
		reapOrphans();
		return left.size();
	}

	/**
	 * Send a signal to the child's group (or the child alone when it leads none).
	 * @param signal the signal
	 * @param process the child
	 * @param group whether it was spawned to lead its own process group
	 * @throws IOException when the signal could not be sent
	 */
	void signal(Signal signal, Process process, boolean group) throws IOException {
		if (!process.isAlive()) {
			throw new IOException("Child process " + process.pid() + " has exited");
		}
		boolean ownGroup = group && awaitOwnGroup(process.pid());
		kill(signal.number(), ownGroup ? process.pid() : 0, List.of(process.pid()));
	}

	/**
	 * The processes that belong to a tree now, the root excluded: its descendants, the members of its
	 * process group when it leads one, and the orphans (with their descendants).
	 * @param root the child
	 * @param group whether the child leads its own process group
	 * @return a mutable set of PIDs, in discovery order
	 */
	Set<Long> members(long root, boolean group) {
		ProcTable table = ProcTable.read();
		if (table.isEmpty()) {
			// No /proc: the JDK's own view of descendants, without the group.
			return ProcessHandle.of(root)
				.map((handle) -> handle.descendants().map(ProcessHandle::pid).collect(Collectors.toCollection(LinkedHashSet::new)))
				.orElseGet(LinkedHashSet::new);
		}
		Set<Long> pids = group ? table.group(root) : new LinkedHashSet<>();
		pids.addAll(table.descendants(root));
		pids.addAll(this.containment.orphans(table));
		pids.remove(root);
		return pids;
	}

	/**
	 * Whether a process is gone: exited, reaped, or a zombie.
	 * @param pid the process
	 * @return {@code true} if it no longer runs
	 */
	static boolean gone(long pid) {
		ProcStat stat = ProcStat.read(pid);
		return stat == null || stat.zombie();
	}

	/** Reap the orphans killed with the tree, and tell the watchdog the smaller set. */
	private void reapOrphans() {
		this.containment.scan();
	}

	private boolean awaitExit(Process process, long deadline, boolean group, Set<Long> tree) throws InterruptedException {
		while (true) {
			long remaining = deadline - System.nanoTime();
			if (process.waitFor(Math.max(0, Math.min(remaining, SLICE_NANOS)), TimeUnit.NANOSECONDS)) {
				return true;
			}
			if (remaining <= 0) {
				return false;
			}
			// Still running: processes it forked since the signal are part of what must go.
			tree.addAll(members(process.pid(), group));
		}
	}

	/** Wait until every process of the set (and of the group, if {@code pgid > 0}) is gone, or the deadline. */
	private boolean awaitGone(Set<Long> tree, long pgid, long deadline) throws InterruptedException {
		while (true) {
			if (pgid > 0) {
				tree.addAll(ProcTable.read().group(pgid));
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
	private void send(int signal, @Nullable Process process, long pgid, Collection<Long> others) {
		List<Long> pids = new ArrayList<>();
		if (process != null && process.isAlive()) {
			pids.add(process.pid());
		}
		for (Long other : others) {
			if (!gone(other)) {
				pids.add(other);
			}
		}
		try {
			kill(signal, pgid, pids);
		}
		catch (IOException ex) {
			// Usually a process that went away in the meantime.
			logger.debug("Sending " + Signal.nameOf(signal) + " to the tree of child process " + pgid + ": " + ex.getMessage());
		}
	}

	/** {@code kill(2)} the group, then each PID outside it; without native calls, the shell's kill. */
	private void kill(int signal, long pgid, List<Long> pids) throws IOException {
		List<Long> targets = new ArrayList<>();
		if (pgid > 0) {
			targets.add(-pgid);
		}
		for (Long pid : pids) {
			if (pgid <= 0 || !inGroup(pid, pgid)) {
				targets.add(pid);
			}
		}
		if (targets.isEmpty()) {
			return;
		}
		Posix posix = this.posix;
		if (posix == null) {
			shellKill(signal, targets);
			return;
		}
		List<String> failed = new ArrayList<>();
		for (Long target : targets) {
			try {
				if (!posix.kill(target, signal)) {
					failed.add(target + " (no such process)");
				}
			}
			catch (LastErrorException ex) {
				failed.add(target + " (errno " + ex.getErrorCode() + ")");
			}
		}
		if (!failed.isEmpty()) {
			throw new IOException("kill(" + Signal.nameOf(signal) + ") failed for " + failed);
		}
	}

	private static void shellKill(int signal, List<Long> targets) throws IOException {
		List<String> command = new ArrayList<>(SHELL_KILL);
		command.addAll(List.of("-s", Signal.nameOf(signal).substring(3), "--"));
		targets.forEach((target) -> command.add(Long.toString(target)));
		Process kill = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		try {
			String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (kill.waitFor() != 0) {
				throw new IOException("kill exited " + kill.exitValue() + ": " + output.strip());
			}
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

}
