package io.flushmanager.collect;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.watch.WatchServiceProvider;

/**
 * The three sources of collection, feeding one {@link Collector}: a full sweep at start
 * (files that arrived while the service was down), the poll (always on, it is what keeps
 * collecting when events fail: CoreDog's loop returned for good on its first error), and
 * native events on every directory of the tree, sub-directories created later included.
 * Symbolic links are never followed: the walk does not enter them and every file is
 * {@code lstat}ed.
 */
final class CollectSources implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(CollectSources.class);

	private final CollectScope scope;

	private final Collector collector;

	private final WatchServiceProvider provider;

	private final boolean nativeEvents;

	private final ThreadFactory threads;

	private final Clock clock;

	private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();

	private final AtomicLong eventErrors = new AtomicLong();

	private final AtomicLong polls = new AtomicLong();

	private volatile @Nullable WatchService service;

	private volatile boolean eventsActive;

	private volatile @Nullable String eventsError;

	private volatile long lastPollMillis;

	private volatile boolean closed;

	CollectSources(CollectScope scope, Collector collector, WatchServiceProvider provider, boolean nativeEvents,
			ThreadFactory threads, Clock clock) {
		this.scope = scope;
		this.collector = collector;
		this.provider = provider;
		this.nativeEvents = nativeEvents;
		this.threads = threads;
		this.clock = clock;
	}

	/**
	 * Native events first (so nothing created during the sweep is missed), then the
	 * sweep.
	 */
	void start() {
		for (Path dir : this.scope.dirs()) {
			try {
				Files.createDirectories(dir);
			}
			catch (IOException ex) {
				logger.warn("Collect: cannot create " + dir + " (" + ex.getMessage() + "); polling waits for it");
			}
		}
		if (this.nativeEvents) {
			openEvents();
		}
		poll();
		logger.info("Collect: watching " + this.scope.dirs() + " (native events " + (this.eventsActive ? "on" : "off")
				+ ", sweep done)");
	}

	private synchronized void openEvents() {
		try {
			WatchService opened = this.provider.open();
			this.service = opened;
			this.keys.clear();
			this.eventsActive = true;
			Thread loop = this.threads.newThread(() -> loop(opened));
			loop.start();
		}
		catch (IOException | RuntimeException ex) {
			eventsFailed(ex);
		}
	}

	/** One sweep of every directory; reopens native events that failed. */
	void poll() {
		if (this.nativeEvents && !this.eventsActive && !this.closed && this.polls.get() > 0) {
			openEvents();
		}
		List<FileStat> found = new ArrayList<>();
		for (Path dir : this.scope.dirs()) {
			walk(dir, found);
		}
		this.collector.observe(found);
		this.polls.incrementAndGet();
		this.lastPollMillis = this.clock.millis();
	}

	private void walk(Path start, List<FileStat> found) {
		if (!Files.isDirectory(start, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try {
			Files.walkFileTree(start, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
					register(dir);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
					consider(file, found);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException ex) {
					logger.debug("Collect: cannot read " + file + ": " + ex.getMessage());
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			logger.warn("Collect: walking " + start + " failed: " + ex.getMessage());
		}
	}

	private void consider(Path file, List<FileStat> found) {
		if (this.scope.dirOf(file).isEmpty()) {
			return;
		}
		try {
			FileStat.of(file).ifPresent(found::add);
		}
		catch (IOException ex) {
			logger.debug("Collect: cannot stat " + file + ": " + ex.getMessage());
		}
	}

	private void register(Path dir) {
		WatchService current = this.service;
		if (current == null || !this.eventsActive || this.keys.containsValue(dir)) {
			return;
		}
		try {
			this.keys.put(this.provider.register(current, dir), dir);
		}
		catch (IOException | RuntimeException ex) {
			// Out of inotify watches, or the directory went away: polling still covers
			// it.
			logger.warn("Collect: no native events for " + dir + " (" + ex.getMessage() + "); polling covers it");
		}
	}

	private void loop(WatchService watch) {
		try {
			while (!this.closed) {
				WatchKey key = watch.take();
				Path dir = this.keys.get(key);
				boolean overflow = false;
				List<FileStat> found = new ArrayList<>();
				for (WatchEvent<?> event : key.pollEvents()) {
					if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
						overflow = true;
					}
					else if (dir != null && event.kind() != StandardWatchEventKinds.ENTRY_DELETE) {
						Path child = dir.resolve((Path) event.context());
						if (Files.isDirectory(child, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
							// A new sub-directory: watch it and take what was written
							// before the watch.
							walk(child, found);
						}
						else {
							consider(child, found);
						}
					}
				}
				if (!key.reset()) {
					this.keys.remove(key);
				}
				if (overflow) {
					logger.warn("Collect: the kernel's event queue overflowed; sweeping to catch up");
					poll();
				}
				this.collector.observe(found);
			}
		}
		catch (ClosedWatchServiceException ex) {
			if (!this.closed) {
				eventsFailed(ex);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException | Error ex) {
			eventsFailed(ex);
		}
	}

	private void eventsFailed(Throwable ex) {
		this.eventsActive = false;
		this.eventErrors.incrementAndGet();
		this.eventsError = ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
		logger.warn("Collect: native events failed (" + this.eventsError + "); polling keeps collecting and the "
				+ "next poll reopens them");
		WatchService current = this.service;
		this.service = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (IOException ignored) {
				// already broken
			}
		}
	}

	boolean eventsActive() {
		return this.eventsActive;
	}

	boolean nativeEventsWanted() {
		return this.nativeEvents;
	}

	@Nullable String eventsError() {
		return this.eventsError;
	}

	long eventErrors() {
		return this.eventErrors.get();
	}

	long lastPollMillis() {
		return this.lastPollMillis;
	}

	@Override
	public void close() {
		this.closed = true;
		WatchService current = this.service;
		if (current != null) {
			try {
				current.close();
			}
			catch (IOException ignored) {
				// closing anyway
			}
		}
	}

}
