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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Feeds kernel events on the watched directories into {@link ChangeDetector#check}. Runs on one thread;
 * {@link #sync()} (called by every poll) registers directories that appeared since.
 */
public class NativeEventLoop {

	private static final Log logger = LogFactory.getLog(NativeEventLoop.class);

	private final WatchServiceProvider provider;

	private final ChangeDetector detector;

	private final WatchStatus status;

	private final ThreadFactory threadFactory;

	private final Map<WatchKey, Set<Path>> keys = new ConcurrentHashMap<>();

	/** Each registered directory with the real directory the kernel watches for it. */
	private final Map<Path, Path> registered = new ConcurrentHashMap<>();

	private volatile WatchPlan plan = WatchPlan.of(List.of());

	private volatile WatchService service;

	private volatile boolean refused;

	private Thread thread;

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
	 * Re-plan the watched directories and register any not registered yet.
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
			Path real = realPath(directory);
			Path watched = this.registered.get(directory);
			if (watched != null && watched.equals(real)) {
				continue;
			}
			if (watched != null) {
				// A symlinked directory now points elsewhere: the old registration watches the old target.
				unregister(directory);
			}
			try {
				WatchKey key = this.provider.register(service, directory);
				this.keys.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet()).add(directory);
				this.registered.put(directory, (real != null) ? real : directory);
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
				if (!this.refused) {
					logger.warn("Native file events refused for " + directory + " (" + ex.getMessage()
							+ "); continuing with polling alone. On Linux, raise fs.inotify.max_user_watches "
							+ "or fs.inotify.max_user_instances.");
					this.status.recordError();
				}
			}
		}
		this.refused = problem != null;
		this.status.nativeActive(problem == null, problem);
	}

	private void unregister(Path directory) {
		this.registered.remove(directory);
		this.keys.entrySet().removeIf((entry) -> {
			if (entry.getValue().remove(directory) && entry.getValue().isEmpty()) {
				entry.getKey().cancel();
				return true;
			}
			return false;
		});
	}

	private static Path realPath(Path directory) {
		try {
			return directory.toRealPath();
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Close the watch service and stop the thread.
	 */
	public synchronized void stop() {
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
		if (this.thread != null) {
			this.thread.interrupt();
		}
		this.status.nativeActive(false, "stopped");
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
		Set<Path> directories = this.keys.getOrDefault(key, Set.of());
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
			Set<Path> gone = this.keys.remove(key);
			if (gone != null) {
				gone.forEach(this.registered::remove);
				for (Path directory : gone) {
					logger.warn("Watched directory " + directory + " is gone; polling re-registers it when it is back");
					toCheck.addAll(plan.filesIn(directory));
				}
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
