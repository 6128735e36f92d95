package io.flushmanager.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Which directories have a kernel registration, and on which directory (device and inode)
 * it was made. Its own type because a registration follows the directory, not the path:
 * the {@link NativeEventLoop} asks here whether the directory now at a path is still the
 * one watched, and maps a key's events back to the paths it stands for (one key can serve
 * several paths when a symlinked directory and its target are both planned). Thread-safe:
 * the sync and the event thread both use it.
 */
final class Registrations {

	/**
	 * A directory's registration.
	 *
	 * @param key the kernel's watch key
	 * @param identity the directory's device and inode when it was registered
	 */
	private record Registration(WatchKey key, Object identity) {

	}

	private final Map<WatchKey, Set<Path>> keys = new ConcurrentHashMap<>();

	private final Map<Path, Registration> registered = new ConcurrentHashMap<>();

	/** Whether the path has a registration at all (valid or not). */
	boolean has(Path directory) {
		return this.registered.containsKey(directory);
	}

	/** Whether the path's registration is valid and watches the directory now there. */
	boolean watches(Path directory, @Nullable Object identity) {
		Registration current = this.registered.get(directory);
		return current != null && current.key().isValid() && current.identity().equals(identity);
	}

	void add(Path directory, WatchKey key, Object identity) {
		this.keys.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet()).add(directory);
		this.registered.put(directory, new Registration(key, identity));
	}

	/** Forget a path; the key is cancelled once no path uses it. */
	void remove(Path directory) {
		this.registered.remove(directory);
		this.keys.entrySet().removeIf((entry) -> {
			if (entry.getValue().remove(directory) && entry.getValue().isEmpty()) {
				entry.getKey().cancel();
				return true;
			}
			return false;
		});
	}

	/** The paths a key's events are about. */
	Set<Path> directories(WatchKey key) {
		return this.keys.getOrDefault(key, Set.of());
	}

	/**
	 * Forget a key the kernel no longer honours (its directory is gone).
	 * @return the paths it stood for, or {@code null} when it was already forgotten
	 */
	@Nullable Set<Path> invalidated(WatchKey key) {
		Set<Path> gone = this.keys.remove(key);
		if (gone != null) {
			gone.forEach(this.registered::remove);
		}
		return gone;
	}

	/**
	 * The directory now at a path (following links), as device and inode, or {@code null}
	 * if there is none.
	 */
	static @Nullable Object identity(Path directory) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(directory, BasicFileAttributes.class);
			return attributes.isDirectory() ? attributes.fileKey() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}
