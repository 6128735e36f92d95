package io.flushmanager.actuator;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import io.flushmanager.watch.AppliedContent;
import io.flushmanager.watch.ChangeHistory;
import io.flushmanager.watch.ConfigWatcher;
import io.flushmanager.web.ChangeView;
import io.flushmanager.web.WatchedFileView;

/**
 * {@code /actuator/configwatch}: the watched files and their change history (newest
 * first), read only.
 */
@Endpoint(id = "configwatch", defaultAccess = Access.READ_ONLY)
public class ConfigWatchEndpoint {

	private final ConfigWatcher watcher;

	private final ChangeHistory history;

	private final @Nullable AppliedContent applied;

	public ConfigWatchEndpoint(ConfigWatcher watcher, ChangeHistory history) {
		this(watcher, history, null);
	}

	public ConfigWatchEndpoint(ConfigWatcher watcher, ChangeHistory history, @Nullable AppliedContent applied) {
		this.watcher = watcher;
		this.history = history;
		this.applied = applied;
	}

	@ReadOperation
	public View configWatch() {
		return new View(this.watcher.files()
			.stream()
			.map((file) -> WatchedFileView.of(file, this.watcher.origin(file.snapshot().path()), this.applied))
			.toList(), this.history.entries().stream().map(ChangeView::of).toList());
	}

	/**
	 * The body of {@code GET /actuator/configwatch}.
	 *
	 * @param files the watched files, as in {@code GET /api/watch}
	 * @param history all changes, newest first, as in {@code GET /api/watch/history}
	 */
	public record View(List<WatchedFileView> files, List<ChangeView> history) {

	}

}
