package io.flushmanager.watch;

import org.jspecify.annotations.Nullable;

/**
 * Where a watched file that is not in {@code flush-manager.watch.files} comes from.
 *
 * @param kind the kind of object, such as {@code ConfigMap}
 * @param namespace its namespace
 * @param name its name
 * @param resourceVersion the version written to the file, or {@code null} before the
 * first write
 * @param syncState how current the file is, such as {@code SYNCED} or
 * {@code DELETION_PENDING}
 */
public record FileOrigin(String kind, String namespace, String name, @Nullable String resourceVersion,
		String syncState) {

}
