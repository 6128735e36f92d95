package io.flushmanager.collect;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;

/**
 * Which files of the collected directories count: include and exclude globs on the path
 * relative to its directory. A path outside every directory never counts.
 */
final class CollectScope {

	private final List<Path> dirs;

	private final List<PathMatcher> include;

	private final List<PathMatcher> exclude;

	CollectScope(List<Path> dirs, List<String> include, List<String> exclude) {
		this.dirs = dirs.stream().map(Path::normalize).toList();
		this.include = include.stream().map(CollectScope::glob).toList();
		this.exclude = exclude.stream().map(CollectScope::glob).toList();
	}

	private static PathMatcher glob(String pattern) {
		PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
		if (!pattern.startsWith("**/")) {
			// "**/core.*" should also match "core.1" at the top of the directory.
			return matcher;
		}
		PathMatcher top = FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3));
		return (path) -> matcher.matches(path) || top.matches(path);
	}

	List<Path> dirs() {
		return this.dirs;
	}

	/**
	 * @param file a file
	 * @return the directory it was collected from, when it counts
	 */
	Optional<Path> dirOf(Path file) {
		Path normal = file.normalize();
		for (Path dir : this.dirs) {
			if (normal.startsWith(dir) && !normal.equals(dir)) {
				Path relative = dir.relativize(normal);
				boolean included = this.include.stream().anyMatch((m) -> m.matches(relative));
				boolean excluded = this.exclude.stream().anyMatch((m) -> m.matches(relative));
				return (included && !excluded) ? Optional.of(dir) : Optional.empty();
			}
		}
		return Optional.empty();
	}

	/** Hidden temporaries of our own file target, and of editors, are never collected. */
	static boolean ownTemporary(Path file) {
		String name = file.getFileName().toString();
		return name.startsWith(".fm-") && name.endsWith(".tmp");
	}

}
