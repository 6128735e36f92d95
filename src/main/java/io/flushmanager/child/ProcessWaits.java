package io.flushmanager.child;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.sun.jna.LastErrorException;
import org.jspecify.annotations.Nullable;

import io.flushmanager.time.Ticker;

/**
 * The waits of a stop, with deadlines on the ticker: until the child exits, until a set
 * of processes is gone, until a fresh child leads its own process group. A zombie counts
 * as gone: it holds no resources but a PID.
 */
final class ProcessWaits {

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private static final Duration GROUP_WAIT = Duration.ofSeconds(1);

	private final Ticker ticker;

	private final @Nullable Posix posix;

	ProcessWaits(Ticker ticker, @Nullable Posix posix) {
		this.ticker = ticker;
		this.posix = posix;
	}

	long now() {
		return this.ticker.nanoTime();
	}

	/** The ticker's time {@code timeout} from now. */
	long deadline(Duration timeout) {
		return this.ticker.nanoTime() + timeout.toNanos();
	}

	/**
	 * Wait for the child's exit until the deadline, adding what it forks meanwhile to the
	 * tree.
	 * @param process the child
	 * @param deadline on the ticker
	 * @param tree the set to grow
	 * @param members the tree's members now
	 * @return {@code true} if it exited
	 * @throws InterruptedException if interrupted
	 */
	boolean awaitExit(Process process, long deadline, Set<Long> tree, Supplier<Set<Long>> members)
			throws InterruptedException {
		while (true) {
			long remaining = deadline - this.ticker.nanoTime();
			if (process.waitFor(Math.max(0, Math.min(remaining, SLICE_NANOS)), TimeUnit.NANOSECONDS)) {
				return true;
			}
			if (remaining <= 0) {
				return false;
			}
			// Still running: processes it forked since the signal are part of what must
			// go.
			tree.addAll(members.get());
		}
	}

	/**
	 * Wait until every process of the set (and of the group, if {@code pgid > 0}) is
	 * gone, or the deadline.
	 * @param tree the processes; those gone are removed
	 * @param pgid the group, or 0
	 * @param deadline on the ticker
	 * @return {@code true} if all are gone
	 * @throws InterruptedException if interrupted
	 */
	boolean awaitGone(Set<Long> tree, long pgid, long deadline) throws InterruptedException {
		while (true) {
			if (pgid > 0 && !groupEmpty(pgid)) {
				tree.addAll(ProcTable.read().group(pgid));
			}
			tree.removeIf(ProcessWaits::gone);
			if (tree.isEmpty()) {
				return true;
			}
			if (this.ticker.nanoTime() - deadline >= 0) {
				return false;
			}
			TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
		}
	}

	/**
	 * Whether the group has no process at all, not even a zombie: one {@code kill(2)}
	 * with signal 0 instead of a {@code /proc} read, the common case once a child that
	 * forked nothing has exited.
	 */
	private boolean groupEmpty(long pgid) {
		if (this.posix == null) {
			return false;
		}
		try {
			return !this.posix.kill(-pgid, 0);
		}
		catch (LastErrorException ex) {
			// EPERM: there is a member, owned by someone else.
			return false;
		}
	}

	/**
	 * Whether the child leads its own group yet. Java returns from spawning once
	 * {@code setsid} has been exec'd, a moment before it calls {@code setsid()}; a group
	 * signal sent in between would reach nobody.
	 * @param pid the child
	 * @return {@code true} once it leads its group; {@code false} if it is gone or did
	 * not within a second
	 */
	boolean awaitOwnGroup(long pid) {
		long deadline = deadline(GROUP_WAIT);
		while (true) {
			ProcStat stat = ProcStat.read(pid);
			if (stat == null) {
				return false;
			}
			if (stat.pgrp() == pid) {
				return true;
			}
			if (stat.zombie() || this.ticker.nanoTime() - deadline >= 0) {
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

	/**
	 * Whether a process is gone: exited, reaped, or a zombie.
	 * @param pid the process
	 * @return {@code true} if it no longer runs
	 */
	static boolean gone(long pid) {
		ProcStat stat = ProcStat.read(pid);
		return stat == null || stat.zombie();
	}

}
