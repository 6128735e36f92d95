package io.flushmanager.watch;

import java.nio.file.Path;
import java.util.List;

/**
 * Changes confirmed after the debounce period: the latest change of each file that
 * changed, to be acted on once.
 *
 * @param changes the latest change of each changed file
 * @param coalesced how many earlier changes of the same burst were folded into these
 */
public record ConfirmedChange(List<DetectedChange> changes, int coalesced) {

	/**
	 * The visible paths of the changed files.
	 * @return the paths, in detection order
	 */
	public List<Path> paths() {
		return this.changes.stream().map((change) -> change.after().path()).toList();
	}

}
