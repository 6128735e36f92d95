package io.flushmanager.watch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Feeds kernel events on the watched directories into {@link ChangeDetector#check}. Runs
 * on one thread; {@link #sync()} (called by every poll) registers directories that
 * appeared since, and registers again those that were moved, deleted or re-created: a
 * registration follows the directory it was made on (by device and inode), so a new
 * directory at the same path needs a new one.
 * <p>
 * The mode in {@link WatchStatus} is {@code POLLING} whenever a directory the plan needs
 * has no valid registration, and back to {@code NATIVE_AND_POLLING} once every one has.
 */
public class NativeEventLoop {

	private static final Log logger = LogFactory.getLog(NativeEventLoop.class);

	private final WatchServiceProvider provider;

	private final ChangeDetector detector;

	private final WatchStatus status;

	private final ThreadFactory threadFactory;

	private final Registrations registrations = new Registrations();

	private final Object statusLock = new Object();

	private volatile WatchPlan plan = WatchPlan.of(List.of());

	private volatile WatchService service;

	/** Why the kernel refused a registration at the last sync, or {@code null}. */
	private volatile @Nullable String refused;

	private volatile Thread thread;

	public NativeEventLoop(WatchServiceProvider provider, ChangeDetector detector, WatchStatus status,
			ThreadFactory threadFactory) {
		this.provider = provider;
		this.detector = detector;
		this.status = status;
		this.threadFactory = threadFactory;
	}

	/**
	 * Open the watch service, register the directories and start the event thread.
	 * @return {@code false} when native events cannot be had (polling goes on alone)
	 */
	public synchronized boolean start() {
		try {
			this.service = this.provider.open();
		}
		catch (IOException ex) {
			logger.warn("Native file events unavailable (" + ex.getMessage() + "); continuing with polling alone");
			this.status.recordError();
			this.status.nativeActive(false, "watch service unavailable: " + ex.getMessage());
			return false;
		}
		sync();
		this.thread = this.threadFactory.newThread(this::run);
		this.thread.start();
		logger.debug("Started fsnotify event loop");
		return true;
	}

	/**
	 * Re-plan the watched directories; register those not registered yet and those whose
	 * registration no longer watches the directory now at their path.
	 */
	public synchronized void sync() {
		WatchService service = this.service;
		if (service == null) {
			return;
		}
		WatchPlan next = WatchPlan.of(this.detector.paths());
		this.plan = next;
		String problem = null;
		for (Path directory : next.directories()) {
			Object identity = Registrations.identity(directory);
			if (this.registrations.watches(directory, identity)) {
				continue;
			}
			if (this.registrations.has(directory)) {
				// Moved away, deleted, re-created or a symlinked directory now pointing
				// elsewhere: the old
				// registration watches a directory that is no longer here.
				this.registrations.remove(directory);
				logger.warn("Watched directory " + directory + " is no longer the directory registered; "
						+ ((identity != null) ? "registering it again" : "polling covers it until it is back"));
			}
			if (identity == null) {
				logger.debug("Directory " + directory + " does not exist yet; polling covers it until it does");
				continue;
			}
			try {
				WatchKey key = this.provider.register(service, directory);
				this.registrations.add(directory, key, identity);
				logger.info("Watching directory: " + directory);
			}
			catch (NoSuchFileException | NotDirectoryException ex) {
				logger.debug("Directory " + directory + " does not exist yet; polling covers it until it does");
			}
			catch (ClosedWatchServiceException ex) {
				return;
			}
			catch (IOException ex) {
				problem = "cannot watch " + directory + ": " + ex.getMessage();
				if (this.refused == null) {
					logger.warn("Native file events refused for " + directory + " (" + ex.getMessage()
							+ "); continuing with polling alone. On Linux, raise fs.inotify.max_user_watches "
							+ "or fs.inotify.max_user_instances.");
					this.status.recordError();
				}
			}
		}
		this.refused = problem;
		updateStatus();
	}

	/**
	 * Tell the status which mode is in force now, from what is registered (no filesystem
	 * access).
	 */
	private void updateStatus() {
		synchronized (this.statusLock) {
			if (this.service == null) {
				return;
			}
			String refused = this.refused;
			if (refused != null) {
				this.status.nativeActive(false, refused);
				return;
			}
			List<Path> unwatched = this.plan.directories()
				.stream()
				.filter((directory) -> !this.registrations.has(directory))
				.toList();
			this.status.nativeActive(unwatched.isEmpty(),
					unwatched.isEmpty() ? null : "no valid registration for "
							+ unwatched.stream().map(Path::toString).collect(Collectors.joining(", "))
							+ " (missing, moved or re-created); polling until the next poll registers it again");
		}
	}

	/**
	 * Close the watch service and stop the thread. Takes no lock: a sync stuck on a hung
	 * mount must not hold up the shutdown.
	 */
	public void stop() {
		WatchService service = this.service;
		this.service = null;
		if (service != null) {
			try {
				service.close();
			}
			catch (IOException ex) {
				logger.debug("Closing the watch service failed", ex);
			}
		}
		Thread thread = this.thread;
		if (thread != null) {
			thread.interrupt();
		}
		synchronized (this.statusLock) {
			this.status.nativeActive(false, "stopped");
		}
	}

	private void run() {
		try {
			WatchService service = this.service;
			while (service != null) {
				Set<Path> toCheck = new LinkedHashSet<>();
				process(service.take(), toCheck);
				WatchKey more;
				while ((more = service.poll()) != null) {
					process(more, toCheck);
				}
				if (!toCheck.isEmpty()) {
					this.detector.check(ChangeSource.EVENT, toCheck);
				}
				service = this.service;
			}
		}
		catch (ClosedWatchServiceException | InterruptedException ex) {
			// Stopped.
		}
		catch (Throwable ex) {
			logger.error("The file event thread died; the service is broken", ex);
			this.status.threadFailed(ex);
		}
	}

	private void process(WatchKey key, Set<Path> toCheck) {
		Set<Path> directories = this.registrations.directories(key);
		WatchPlan plan = this.plan;
		for (WatchEvent<?> event : key.pollEvents()) {
			if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
				logger.warn("File events overflowed (events were lost); checking every watched file");
				this.status.recordEventsLost();
				toCheck.addAll(this.detector.paths());
				continue;
			}
			String name = event.context().toString();
			for (Path directory : directories) {
				if (logger.isDebugEnabled()) {
					logger.debug("Fsnotify event: " + kindName(event.kind()) + " " + directory.resolve(name));
					if (SnapshotReader.DATA_LINK.equals(name) || WatchPlan.DATA_TMP_LINK.equals(name)) {
						logger.debug("Event on ConfigMap metadata: " + directory.resolve(name));
					}
				}
				toCheck.addAll(plan.filesFor(directory, name));
			}
		}
		if (!key.reset()) {
			Set<Path> gone = this.registrations.invalidated(key);
			if (gone != null) {
				for (Path directory : gone) {
					logger.warn("Watched directory " + directory + " is gone; polling re-registers it when it is back");
					toCheck.addAll(plan.filesIn(directory));
				}
				updateStatus();
			}
		}
	}

	private static String kindName(WatchEvent.Kind<?> kind) {
		if (kind == StandardWatchEventKinds.ENTRY_CREATE) {
			return "CREATE";
		}
		if (kind == StandardWatchEventKinds.ENTRY_DELETE) {
			return "REMOVE";
		}
		if (kind == StandardWatchEventKinds.ENTRY_MODIFY) {
			return "WRITE";
		}
		return kind.name();
	}

}
