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
import io.flushmanager.time.Ticker;

/**
 * The child's process tree as the kernel sees it: the child, its process group (when it
 * leads one), its descendants, and the orphans it left with the JVM as their subreaper
 * ({@link Containment}). Signals it with {@code kill(2)} and waits for it to be gone.
 * Without native calls, signals go through the shell's built-in {@code kill}. The waits,
 * timed by the ticker, are {@link ProcessWaits}.
 */
final class ProcessTree {

	private static final Log logger = LogFactory.getLog(ProcessTree.class);

	/** How long SIGKILLed leftovers may take to disappear before we report them. */
	private static final Duration AFTER_KILL = Duration.ofSeconds(5);

	/**
	 * How often to repeat SIGKILL (and warn) while the child has not exited, e.g. stuck
	 * in the D state.
	 */
	private static final Duration KILL_REPEAT = Duration.ofSeconds(10);

	/**
	 * The shell's built-in {@code kill}, when there are no native calls. Not the
	 * {@code kill} program: procps-ng 4.0.2 (Debian bookworm) reads
	 * {@code kill -s TERM -- -33} as signal 33 with no PID.
	 */
	private static final List<String> SHELL_KILL = List.of("/bin/sh", "-c", "kill \"$@\"", "kill");

	private final @Nullable Posix posix;

	private final Containment containment;

	private final ProcessWaits waits;

	ProcessTree(@Nullable Posix posix, Containment containment, Ticker ticker) {
		this.posix = posix;
		this.containment = containment;
		this.waits = new ProcessWaits(ticker, posix);
	}

	/**
	 * A tree that signals through {@code kill(2)} where JNA loads, else through the
	 * shell.
	 * @param ticker the time its deadlines run on
	 * @return the process tree helper
	 */
	static ProcessTree detect(Ticker ticker) {
		return new ProcessTree(Posix.get(), Containment.shared(), ticker);
	}

	Containment containment() {
		return this.containment;
	}

	/**
	 * Stop a child: the signal to its group (or to it alone when it leads none) and to
	 * every descendant and orphan seen before signalling; wait up to {@code timeout} for
	 * all of them to be gone; then SIGKILL whatever is left. Returns only once the
	 * child's exit has been seen.
	 * @param process the child
	 * @param group whether the child was spawned to lead its own process group
	 * @param signal the graceful stop signal
	 * @param timeout how long the tree may take to go
	 * @return how it went
	 * @throws InterruptedException if interrupted while waiting
	 */
	StopResult stop(Process process, boolean group, Signal signal, Duration timeout) throws InterruptedException {
		long root = process.pid();
		// Already reaped: it did run, so it formed its group, which may still hold its
		// descendants.
		boolean ownGroup = group && (!process.isAlive() || this.waits.awaitOwnGroup(root));
		long pgid = ownGroup ? root : 0;
		Set<Long> tree = members(root, ownGroup);
		send(signal.number(), process, pgid, tree);
		// Timed from when the signal was sent: signalling is our cost, not the child's
		// shutdown time.
		long signalled = this.waits.now();
		long deadline = signalled + timeout.toNanos();
		boolean exited = this.waits.awaitExit(process, deadline, tree, () -> members(root, ownGroup));
		long exitSeen = this.waits.now();
		if (exited && this.waits.awaitGone(tree, pgid, deadline)) {
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
		exitSeen = exited ? exitSeen : this.waits.now();
		this.waits.awaitGone(tree, pgid, this.waits.deadline(AFTER_KILL));
		reapOrphans();
		if (!tree.isEmpty()) {
			logger.warn("Processes " + tree + " of the tree of child process " + root + " are still there "
					+ Durations.format(AFTER_KILL) + " after SIGKILL");
		}
		return new StopResult(false, signalled, exitSeen, tree.size());
	}

	/**
	 * After the child exited on its own, stop what it left: its process group (background
	 * processes that would otherwise hold ports or files the next child needs) and the
	 * orphans: the signal, {@code timeout}, SIGKILL.
	 * @param pgid the dead child's PID, which was its process group ID (0 when it led
	 * none)
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
		if (!this.waits.awaitGone(left, pgid, this.waits.deadline(timeout))) {
			logger.warn("Processes " + left + " left by child process " + pgid + " did not stop within "
					+ Durations.format(timeout) + "; sending SIGKILL");
			send(Posix.SIGKILL, null, pgid, left);
			this.waits.awaitGone(left, pgid, this.waits.deadline(AFTER_KILL));
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
		boolean ownGroup = group && this.waits.awaitOwnGroup(process.pid());
		kill(signal.number(), ownGroup ? process.pid() : 0, List.of(process.pid()));
	}

	/**
	 * The processes that belong to a tree now, the root excluded: its descendants, the
	 * members of its process group when it leads one, and the orphans (with their
	 * descendants).
	 * @param root the child
	 * @param group whether the child leads its own process group
	 * @return a mutable set of PIDs, in discovery order
	 */
	Set<Long> members(long root, boolean group) {
		ProcTable table = ProcTable.read();
		if (table.isEmpty()) {
			// No /proc: the JDK's own view of descendants, without the group.
			return ProcessHandle.of(root)
				.map((handle) -> handle.descendants()
					.map(ProcessHandle::pid)
					.collect(Collectors.toCollection(LinkedHashSet::new)))
				.orElseGet(LinkedHashSet::new);
		}
		Set<Long> pids = group ? table.group(root) : new LinkedHashSet<>();
		pids.addAll(table.descendants(root));
		pids.addAll(this.containment.orphans(table));
		pids.remove(root);
		return pids;
	}

	/**
	 * Reap the orphans killed with the tree, and tell the watchdog the smaller set: off
	 * the supervisor's thread, since the tree is gone already.
	 */
	private void reapOrphans() {
		this.containment.scanSoon();
	}

	/**
	 * Signal the group (when {@code pgid > 0}), the child while Java has not reaped it (a
	 * reaped PID may be reused), and the other processes that are still there and outside
	 * the group.
	 */
	private void send(int signal, @Nullable Process process, long pgid, Collection<Long> others) {
		List<Long> pids = new ArrayList<>();
		if (process != null && process.isAlive()) {
			pids.add(process.pid());
		}
		for (Long other : others) {
			if (!ProcessWaits.gone(other)) {
				pids.add(other);
			}
		}
		try {
			kill(signal, pgid, pids);
		}
		catch (IOException ex) {
			// Usually a process that went away in the meantime.
			logger.debug("Sending " + Signal.nameOf(signal) + " to the tree of child process " + pgid + ": "
					+ ex.getMessage());
		}
	}

	/**
	 * {@code kill(2)} the group, then each PID outside it; without native calls, the
	 * shell's kill.
	 */
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

	private static boolean inGroup(long pid, long pgid) {
		ProcStat stat = ProcStat.read(pid);
		return stat != null && stat.pgrp() == pgid;
	}

	private static String state(long pid) {
		ProcStat stat = ProcStat.read(pid);
		return (stat != null) ? String.valueOf(stat.state()) : "?";
	}

}
