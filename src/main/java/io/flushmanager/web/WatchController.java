package io.flushmanager.web;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.flushmanager.watch.AppliedContent;
import io.flushmanager.watch.ChangeHistory;
import io.flushmanager.watch.ConfigWatcher;
import io.flushmanager.watch.WatchStatus;

/**
 * {@code GET /api/watch} and {@code GET /api/watch/history}: what the watcher sees, read
 * only.
 */
@RestController
public class WatchController {

	private final ConfigWatcher watcher;

	private final WatchStatus status;

	private final ChangeHistory history;

	private final AppliedContent applied;

	WatchController(ConfigWatcher watcher, WatchStatus status, ChangeHistory history, AppliedContent applied) {
		this.applied = applied;
		this.watcher = watcher;
		this.status = status;
		this.history = history;
	}

	@GetMapping("/api/watch")
	WatchView watch() {
		return WatchView.of(this.watcher, this.status, this.applied);
	}

	/**
	 * The change history, newest first.
	 * @param path a watched file, as configured or as an equivalent absolute path; all
	 * files when absent
	 * @return the entries
	 */
	@GetMapping("/api/watch/history")
	List<ChangeView> history(@RequestParam(required = false) @Nullable String path) {
		if (path == null) {
			return this.history.entries().stream().map(ChangeView::of).toList();
		}
		Path watched = watchedPath(path).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
				"Not a watched file: " + path + " (watched: " + this.watcher.properties().files() + ")"));
		return this.history.entries(watched).stream().map(ChangeView::of).toList();
	}

	private Optional<Path> watchedPath(String text) {
		if (text.isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Parameter 'path' must not be blank");
		}
		Path wanted;
		try {
			wanted = Path.of(text);
		}
		catch (InvalidPathException ex) {
			// A NUL byte, for instance: the client's mistake, not a server error.
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"Parameter 'path' is not a valid path: " + ex.getReason());
		}
		// History is keyed by the path as configured; accept any spelling that names the
		// same location.
		Path normalized = wanted.toAbsolutePath().normalize();
		// Configured files and those the API source added (the watcher's whole set).
		return this.watcher.files()
			.stream()
			.map((file) -> file.snapshot().path())
			.filter((file) -> file.equals(wanted) || file.toAbsolutePath().normalize().equals(normalized))
			.findFirst();
	}

}
