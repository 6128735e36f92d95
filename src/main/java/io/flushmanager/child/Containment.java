package io.flushmanager.child;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what the child's tree left behind within reach, for the whole JVM (one per
 * process: a subreaper and its orphans are per process too).
 * <ul>
 * <li>The JVM becomes a child subreaper, so a descendant that called {@code setsid} and
 * double-forked is re-parented to the JVM instead of init: an <em>orphan</em>, found,
 * signalled with the tree and reaped here (Java only reaps what it spawned).</li>
 * <li>A watchdog ({@code /bin/sh}, deaf to INT, TERM and HUP) reads the groups and PIDs
 * of every tree and orphan from a pipe the JVM holds; at EOF (the JVM died, even by
 * SIGKILL) it SIGKILLs the last set it was told. The set is rewritten whole on each
 * change, so a PID that went away is dropped.</li>
 * </ul>
 * An orphan is a process whose parent is the JVM, that Java did not spawn as a child, and
 * that was seen in a child's tree or lives in a session other than the JVM's that it does
 * not lead. Processes Java spawns (the validate command, the watchdog) share the JVM's
 * session; a child leads its own.
 */
final class Containment {

	private static final Log logger = LogFactory.getLog(Containment.class);

	private static final Duration SCAN = Duration.ofSeconds(1);

	static final String WATCHDOG = """
			trap '' INT TERM HUP QUIT
			last=
			while IFS= read -r line; do last=$line; done
			[ -n "$last" ] && kill -s KILL -- $last 2>/dev/null
			exit 0
			""";

	private static final Containment SHARED = new Containment(Posix.get());

	private final @Nullable Posix posix;

	private final long self = ProcessHandle.current().pid();

	/**
	 * The JVM's session, which every process Java spawns without {@code setsid} shares.
	 */
	private final long session = sessionOf(this.self);

	/** The children the supervisors spawned and Java has not reaped yet. */
	private final Set<Long> roots = ConcurrentHashMap.newKeySet();

	/**
	 * Every process seen in a tree, so that it is known for one once its parent is gone.
	 */
	private final Set<Long> seen = new HashSet<>();

	/** The orphans already logged. */
	private final Set<Long> reported = new HashSet<>();

	private boolean started;

	/** Volatile, not guarded: asking for a scan must not wait for one that runs. */
	private volatile @Nullable ScheduledExecutorService scanner;

	/** Whether a scan asked for by {@link #scanSoon()} has not run yet. */
	private final AtomicBoolean scanPending = new AtomicBoolean();

	private boolean subreaper;

	private @Nullable Process watchdog;

	private String told = "";

	private Containment(@Nullable Posix posix) {
		this.posix = posix;
	}

	static Containment shared() {
		return SHARED;
	}

	/**
	 * Become the subreaper, start the watchdog and the periodic scan; once per JVM, later
	 * calls do nothing.
	 */
	synchronized void start() {
		if (this.started) {
			return;
		}
		this.started = true;
		this.subreaper = this.posix != null && this.posix.becomeSubreaper();
		if (this.subreaper) {
			ProcTable.limitToSubtreeOf(this.self);
			logger.info("The service is the subreaper of the child's tree: processes that leave it (setsid, double "
					+ "fork) are re-parented to it, and stopped with the child");
		}
		else if (this.posix != null) {
			logger.warn("prctl(PR_SET_CHILD_SUBREAPER) failed: descendants of the child that double-fork are "
					+ "re-parented to init and outlive stops; see HELP.md, \"Containment\"");
		}
		startWatchdog();
		ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "fm-containment");
			thread.setDaemon(true);
			return thread;
		});
		scanner.scheduleWithFixedDelay(this::scanQuietly, SCAN.toMillis(), SCAN.toMillis(), TimeUnit.MILLISECONDS);
		this.scanner = scanner;
	}

	boolean subreaper() {
		return this.subreaper;
	}

	/**
	 * A child was spawned: its tree is watched (and told to the watchdog) until Java
	 * reaps it.
	 * @param child the process
	 */
	void adopt(Process child) {
		long pid = child.pid();
		this.roots.add(pid);
		child.onExit().thenRun(() -> this.roots.remove(pid));
		scanSoon();
	}

	/**
	 * Rescan on the containment thread, at once: what a spawn or a stop changed reaches
	 * the watchdog within moments, and the supervisor does not wait for the {@code /proc}
	 * reads (a few milliseconds of every restart on a busy machine). Scans asked for
	 * while one is pending are one scan. Before {@link #start()}, scans here and now.
	 */
	void scanSoon() {
		ScheduledExecutorService scanner = this.scanner;
		if (scanner == null) {
			scan();
			return;
		}
		if (this.scanPending.compareAndSet(false, true)) {
			scanner.execute(() -> {
				this.scanPending.set(false);
				scanQuietly();
			});
		}
	}

	/**
	 * The live orphans now, with their descendants.
	 * @param table the processes
	 * @return their PIDs
	 */
	synchronized Set<Long> orphans(ProcTable table) {
		Set<Long> orphans = new LinkedHashSet<>();
		if (!this.subreaper) {
			return orphans;
		}
		for (ProcStat stat : table.childrenOf(this.self)) {
			if (!stat.zombie() && isOrphan(stat)) {
				orphans.add(stat.pid());
				orphans.addAll(table.descendants(stat.pid()));
			}
		}
		this.seen.addAll(orphans);
		return orphans;
	}

	/**
	 * Reap the orphans that have exited: re-parented to the JVM, they would stay zombies
	 * forever.
	 * @param table the processes
	 * @return how many were reaped
	 */
	private int reap(ProcTable table) {
		int reaped = 0;
		if (!this.subreaper || this.posix == null) {
			return reaped;
		}
		for (ProcStat stat : table.childrenOf(this.self)) {
			if (stat.zombie() && isOrphan(stat) && this.posix.reap(stat.pid())) {
				reaped++;
			}
		}
		return reaped;
	}

	/**
	 * Rescan now: record the trees, reap exited orphans and tell the watchdog what to
	 * kill.
	 */
	synchronized void scan() {
		ProcTable table = ProcTable.read();
		if (table.isEmpty()) {
			return;
		}
		Set<Long> groups = new LinkedHashSet<>();
		Set<Long> pids = new LinkedHashSet<>();
		for (Long root : this.roots) {
			ProcStat stat = ProcStat.read(root);
			if (stat != null && stat.pgrp() == root) {
				groups.add(root);
				pids.addAll(table.group(root));
			}
			if (stat != null && stat.session() == root) {
				pids.addAll(table.session(root));
			}
			pids.add(root);
			pids.addAll(table.descendants(root));
		}
		Set<Long> present = new HashSet<>(table.all().stream().map(ProcStat::pid).toList());
		this.seen.retainAll(present);
		this.reported.retainAll(present);
		this.seen.addAll(pids);
		this.seen.removeAll(this.roots);
		reap(table);
		Set<Long> orphans = orphans(table);
		pids.addAll(orphans);
		tell(groups, pids);
		// Logged once the watchdog knows them.
		for (ProcStat stat : table.childrenOf(this.self)) {
			if (orphans.contains(stat.pid()) && this.reported.add(stat.pid())) {
				logger.info("Process " + stat.pid() + " (session " + stat.session() + ") left the child's tree: "
						+ "re-parented to the service, it is stopped with the child");
			}
		}
	}

	private void scanQuietly() {
		try {
			scan();
		}
		catch (RuntimeException ex) {
			logger.warn("Scanning the child's process tree failed: " + ex, ex);
		}
	}

	private boolean isOrphan(ProcStat stat) {
		if (this.roots.contains(stat.pid())) {
			return false;
		}
		// A process Java spawned either shares our session or leads its own (the child):
		// an orphan that
		// Java did not spawn was either seen in a tree or sits in a session it does not
		// lead.
		return this.seen.contains(stat.pid()) || (stat.session() != this.session && stat.session() != stat.pid());
	}

	private static long sessionOf(long pid) {
		ProcStat stat = ProcStat.read(pid);
		return (stat != null) ? stat.session() : -1;
	}

	private void startWatchdog() {
		try {
			ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", WATCHDOG, "fm-watchdog")
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(ProcessBuilder.Redirect.DISCARD);
			builder.environment().clear();
			this.watchdog = builder.start();
			logger.debug("Watchdog (PID: " + this.watchdog.pid() + ") kills the child's tree if the JVM dies outright");
		}
		catch (IOException ex) {
			logger.warn("Could not start the watchdog (" + ex.getMessage() + "): if the JVM is killed outright, "
					+ "descendants of the child outside its process group may outlive it");
		}
	}

	/**
	 * Tell the watchdog the groups ({@code -pgid}) and PIDs to SIGKILL if the JVM dies;
	 * only on change.
	 */
	private void tell(Set<Long> groups, Set<Long> pids) {
		Process watchdog = this.watchdog;
		if (watchdog == null) {
			return;
		}
		List<String> targets = new ArrayList<>();
		groups.forEach((pgid) -> targets.add("-" + pgid));
		pids.forEach((pid) -> targets.add(Long.toString(pid)));
		String line = String.join(" ", targets);
		if (line.equals(this.told)) {
			return;
		}
		try {
			OutputStream in = watchdog.getOutputStream();
			in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
			in.flush();
			this.told = line;
		}
		catch (IOException ex) {
			logger.warn("The watchdog (PID: " + watchdog.pid() + ") is gone (" + ex.getMessage() + "): if the JVM is "
					+ "killed outright, descendants of the child outside its process group may outlive it");
			this.watchdog = null;
		}
	}

}
