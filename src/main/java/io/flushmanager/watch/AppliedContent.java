package io.flushmanager.watch;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * What the child last took up of each watched file. Owned by the side that acts on
 * changes: only it knows when the child read its config; the debouncer merely asks, to
 * skip a change the child already has.
 */
public interface AppliedContent {

	/**
	 * Record the content the child starts with, before anything has acted.
	 * @param path a watched file
	 * @param sha256 its content hash, or {@code null} when missing or unreadable
	 */
	void baseline(Path path, @Nullable String sha256);

	/**
	 * Whether the child is known to run on exactly this content of a file.
	 * @param path a watched file
	 * @param sha256 the content hash now seen, or {@code null} when missing or unreadable
	 * @return {@code false} when unknown
	 */
	boolean isApplied(Path path, @Nullable String sha256);

	/**
	 * The content hash the child is known to run for a file.
	 * @param path a watched file
	 * @return the hash, or {@code null} when unknown (or the child saw the file missing)
	 */
	default @Nullable String appliedSha256(Path path) {
		return null;
	}

}
