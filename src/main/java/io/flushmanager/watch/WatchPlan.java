package io.flushmanager.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which directories to watch, and which names in them matter, for a set of watched files.
 * <p>
 * The file's own directory is always watched (that is where kubelet swaps
 * {@code ..data}); a directory on the way that is reached through a symbolic link is
 * watched where the link lives; a plain symbolic link outside a ConfigMap layout is also
 * watched where its target lives. Watching the file itself, or {@code ..data}, would not
 * survive an update.
 */
public final class WatchPlan {

	static final String DATA_TMP_LINK = "..data_tmp";

	private final Map<Path, Map<String, Set<Path>>> directories;

	private WatchPlan(Map<Path, Map<String, Set<Path>>> directories) {
		this.directories = directories;
	}

	/**
	 * Work out the plan for some files as they are on disk now.
	 * @param files visible paths
	 * @return the plan
	 */
	public static WatchPlan of(Collection<Path> files) {
		Map<Path, Map<String, Set<Path>>> directories = new LinkedHashMap<>();
		// Files share their directories: each directory and ..data link is looked at once
		// per plan, not
		// once per file (polling re-plans on every cycle, over up to thousands of files).
		Map<Path, Boolean> links = new HashMap<>();
		Predicate<Path> isLink = (path) -> links.computeIfAbsent(path, Files::isSymbolicLink);
		for (Path file : files) {
			Path absolute = file.toAbsolutePath().normalize();
			Path parent = absolute.getParent();
			if (parent == null) {
				continue;
			}
			add(directories, parent, absolute.getFileName().toString(), file);
			add(directories, parent, SnapshotReader.DATA_LINK, file);
			add(directories, parent, DATA_TMP_LINK, file);
			Path walked = absolute.getRoot();
			for (Path part : parent) {
				walked = walked.resolve(part);
				if (isLink.test(walked) && walked.getParent() != null) {
					add(directories, walked.getParent(), part.toString(), file);
				}
			}
			if (!isLink.test(parent.resolve(SnapshotReader.DATA_LINK)) && Files.isSymbolicLink(absolute)) {
				try {
					Path real = absolute.toRealPath();
					add(directories, real.getParent(), real.getFileName().toString(), file);
				}
				catch (IOException ex) {
					// Dangling for now: the file's own directory still sees the link
					// being fixed.
				}
			}
		}
		return new WatchPlan(directories);
	}

	private static void add(Map<Path, Map<String, Set<Path>>> directories, Path directory, String name, Path file) {
		directories.computeIfAbsent(directory, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(name, (key) -> new LinkedHashSet<>())
			.add(file);
	}

	/**
	 * The directories to watch.
	 * @return the directories
	 */
	public Set<Path> directories() {
		return this.directories.keySet();
	}

	/**
	 * The watched files an event on a name in a directory concerns.
	 * @param directory a watched directory
	 * @param name the name the event is about
	 * @return the files, empty when the event does not matter
	 */
	public Set<Path> filesFor(Path directory, String name) {
		return this.directories.getOrDefault(directory, Map.of()).getOrDefault(name, Set.of());
	}

	/**
	 * All watched files with something in a directory.
	 * @param directory a watched directory
	 * @return the files
	 */
	public Set<Path> filesIn(Path directory) {
		Set<Path> files = new LinkedHashSet<>();
		this.directories.getOrDefault(directory, Map.of()).values().forEach(files::addAll);
		return files;
	}

}
