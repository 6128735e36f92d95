package io.flushmanager.watch;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Opens the kernel's watch service and registers directories with it. The default uses
 * the JDK (inotify on Linux); tests replace it to reproduce the kernel's limits, which
 * cannot be reached safely on a shared machine.
 */
public interface WatchServiceProvider {

	/** The JDK's watch service of the default filesystem. */
	WatchServiceProvider JDK = new WatchServiceProvider() {
	};

	/**
	 * Open a watch service.
	 * @return the service
	 * @throws IOException when the kernel refuses (for example the inotify instance
	 * limit)
	 */
	default WatchService open() throws IOException {
		return FileSystems.getDefault().newWatchService();
	}

	/**
	 * Register a directory for create, delete and modify events.
	 * @param service the service
	 * @param directory the directory
	 * @return the key
	 * @throws IOException when the directory is missing or the kernel refuses (inotify
	 * watch limit)
	 */
	default WatchKey register(WatchService service, Path directory) throws IOException {
		return directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
				StandardWatchEventKinds.ENTRY_MODIFY);
	}

}
