package io.flushmanager.watch;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

import io.flushmanager.config.Durations;
import io.flushmanager.config.StartupFailureException;
import io.flushmanager.config.WatchProperties;
import io.flushmanager.config.WatchProperties.MissingFile;

/**
 * Starts and stops watching: takes and logs the initial state of each file, starts the
 * native event loop, and answers what the HTTP side asks about files and mode. Starts
 * before the child, so the baseline is the config the child reads.
 */
public class ConfigWatcher implements SmartLifecycle {

	/** Started before the child supervisor, stopped after it. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 8192;

	private static final Log logger = LogFactory.getLog(ConfigWatcher.class);

	private final WatchProperties properties;

	private final ChangeDetector detector;

	private final ChangeDebouncer debouncer;

	private final NativeEventLoop eventLoop;

	private final WatchStatus status;

	private final List<WatchedFileSet> fileSets;

	/** The files of {@link #fileSets} being watched now. */
	private final Set<Path> fromSets = new LinkedHashSet<>();

	private volatile boolean running;

	public ConfigWatcher(WatchProperties properties, ChangeDetector detector, ChangeDebouncer debouncer,
			NativeEventLoop eventLoop, WatchStatus status) {
		this(properties, detector, debouncer, eventLoop, status, List.of());
	}

	public ConfigWatcher(WatchProperties properties, ChangeDetector detector, ChangeDebouncer debouncer,
			NativeEventLoop eventLoop, WatchStatus status, List<WatchedFileSet> fileSets) {
		this.properties = properties;
		this.detector = detector;
		this.debouncer = debouncer;
		this.eventLoop = eventLoop;
		this.status = status;
		this.fileSets = List.copyOf(fileSets);
	}

	@Override
	public synchronized void start() {
		for (Path path : this.properties.files()) {
			logger.info("Starting file watcher for " + path);
			FileSnapshot snapshot = this.detector.add(path);
			describe(snapshot);
			this.debouncer.baseline(path, snapshot.sha256());
		}
		for (WatchedFileSet set : this.fileSets) {
			// Subscribed before the first read, so a file announced meanwhile is not
			// missed.
			set.subscribe(this::refresh);
		}
		addFromSets();
		if (this.properties.files().isEmpty() && this.fileSets.isEmpty()) {
			logger.info(
					"No config files to watch (flush-manager.watch.files is empty): no config change reloads anything");
		}
		if (this.properties.nativeEvents()) {
			this.eventLoop.start();
		}
		else {
			this.status.nativeActive(false, "disabled by flush-manager.watch.native-events=false");
			logger.info("Native file events are off (flush-manager.watch.native-events=false); polling alone");
		}
		logger.info("Started polling file changes every " + Durations.format(this.properties.pollInterval())
				+ " (mode: " + this.status.mode() + ", debounce: " + Durations.format(this.properties.debounce())
				+ ", compare: " + this.properties.compare().name().toLowerCase() + ")");
		this.running = true;
	}

	private void describe(FileSnapshot snapshot) {
		Path path = snapshot.path();
		if (snapshot.symlink()) {
			logger.info("Config file " + path + " is a symlink pointing to " + SnapshotReader.linkTarget(path)
					+ " (resolved: "
					+ ((snapshot.resolvedPath() != null) ? snapshot.resolvedPath() : "nothing, dangling") + ")");
		}
		if (!snapshot.exists()) {
			String why = (snapshot.error() != null) ? " (" + snapshot.error() + ")" : "";
			if (this.properties.missingFile() == MissingFile.FAIL) {
				throw new StartupFailureException("Watched config file " + path + " does not exist" + why + ".",
						"Create the file or fix flush-manager.watch.files, or set flush-manager.watch.missing-file=wait "
								+ "to start anyway and treat its appearance as a change.");
			}
			logger.warn("Config file " + path + " does not exist yet" + why
					+ "; watching for it to appear (flush-manager.watch.missing-file=wait)");
			return;
		}
		if (snapshot.error() != null) {
			logger.warn("Config file " + path + " cannot be read: " + snapshot.error());
		}
		if (!snapshot.symlink() && !snapshot.configMapLayout()) {
			logger.warn("Config file " + path + " is a plain file with no ..data link beside it. If it is a "
					+ "Kubernetes subPath mount, Kubernetes never updates it: mount the ConfigMap as a directory instead.");
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Initial file state: mtime=" + snapshot.lastModified() + ", inode=" + snapshot.inode()
					+ ", size=" + snapshot.size() + ", sha256=" + ChangeDetector.shortHash(snapshot.sha256())
					+ ", path=" + path);
		}
	}

	/** Start watching the files the sets have added, stop watching those they dropped. */
	private synchronized void refresh() {
		if (!this.running) {
			return;
		}
		addFromSets();
		if (this.properties.nativeEvents()) {
			this.eventLoop.sync();
		}
	}

	private void addFromSets() {
		Set<Path> wanted = new LinkedHashSet<>();
		this.fileSets.forEach((set) -> wanted.addAll(set.files()));
		wanted.removeAll(this.properties.files());
		for (Path path : List.copyOf(this.fromSets)) {
			if (!wanted.contains(path)) {
				this.detector.remove(path);
				this.fromSets.remove(path);
				logger.info("Stopped watching " + path + " (no longer provided)");
			}
		}
		for (Path path : wanted) {
			if (this.fromSets.add(path)) {
				logger.info("Starting file watcher for " + path);
				FileSnapshot snapshot = this.detector.add(path);
				this.debouncer.baseline(path, snapshot.sha256());
			}
		}
	}

	/**
	 * Where a watched file comes from, when it is not one of
	 * {@code flush-manager.watch.files}.
	 * @param path a watched path
	 * @return its origin, or {@code null}
	 */
	public @Nullable FileOrigin origin(Path path) {
		return this.fileSets.stream().map((set) -> set.origin(path)).filter(Objects::nonNull).findFirst().orElse(null);
	}

	/**
	 * Run one polling check; also registers directories that appeared since the last
	 * poll.
	 */
	public void poll() {
		if (!this.running) {
			return;
		}
		if (this.properties.nativeEvents()) {
			this.eventLoop.sync();
		}
		this.detector.checkAll(ChangeSource.POLL);
	}

	@Override
	public void stop() {
		this.running = false;
		this.eventLoop.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * The state of every watched file.
	 * @return a copy, in configuration order
	 */
	public List<WatchedFile> files() {
		return this.detector.files();
	}

	/**
	 * The watch settings in force.
	 * @return the properties
	 */
	public WatchProperties properties() {
		return this.properties;
	}

}
