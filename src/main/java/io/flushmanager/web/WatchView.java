package io.flushmanager.web;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.flushmanager.watch.AppliedContent;
import io.flushmanager.watch.ConfigWatcher;
import io.flushmanager.watch.WatchStatus;

/**
 * The body of {@code GET /api/watch}: the watch settings, the mode in force and every
 * watched file.
 *
 * @param nativeEvents whether native events are configured
 * ({@code flush-manager.watch.native-events})
 * @param mode the mode in force: {@code POLLING} when native events are off or could not
 * be had
 * @param nativeProblem why native events are not (fully) in use, or {@code null}
 * @param pollInterval the polling interval
 * @param debounce the quiet period before a change is acted on
 * @param files the watched files, in configuration order
 */
public record WatchView(boolean nativeEvents, WatchStatus.Mode mode, @Nullable String nativeProblem,
		Duration pollInterval, Duration debounce, List<WatchedFileView> files) {

	/**
	 * The current view.
	 * @param watcher the watcher
	 * @param status its status
	 * @return the view
	 */
	public static WatchView of(ConfigWatcher watcher, WatchStatus status) {
		return of(watcher, status, null);
	}

	/**
	 * The current view with the content the child runs.
	 * @param watcher the watcher
	 * @param status its status
	 * @param applied what the child took up, or {@code null}
	 * @return the view
	 */
	public static WatchView of(ConfigWatcher watcher, WatchStatus status, @Nullable AppliedContent applied) {
		return new WatchView(watcher.properties().nativeEvents(), status.mode(), status.nativeProblem(),
				watcher.properties().pollInterval(), watcher.properties().debounce(),
				watcher.files()
					.stream()
					.map((file) -> WatchedFileView.of(file, watcher.origin(file.snapshot().path()), applied))
					.toList());
	}

}
