package io.flushmanager.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Watching settings.
 *
 * @param files config files; a change of any of them reloads the child
 * @param nativeEvents whether to use the kernel's change events (inotify) beside polling
 * @param pollInterval polling fallback interval, always on beside native events (minimum
 * 100ms)
 * @param debounce quiet period after the last observed change before acting on it
 * @param compare with content, only a change of the bytes reloads; with metadata, any
 * inode, mtime or size change does
 * @param historySize change-history entries kept per file
 * @param missingFile what to do with a watched file that is absent at start
 * @param maxFileSize a watched file larger than this is recorded by stat alone (no
 * content hash)
 * @param readTimeout a content read that takes longer is abandoned and the file marked
 * @param verifyInterval a file whose stat has not changed is hashed again after this long
 * anyway, so that a write the timestamps cannot show (a server clock on NFS) is not
 * missed for longer than this
 */
public record WatchProperties(@DefaultValue List<Path> files, @DefaultValue("true") boolean nativeEvents,
		@DefaultValue("5s") Duration pollInterval, @DefaultValue("500ms") Duration debounce,
		@DefaultValue("content") Compare compare, @DefaultValue("100") int historySize,
		@DefaultValue("wait") MissingFile missingFile, @DefaultValue("16MB") DataSize maxFileSize,
		@DefaultValue("2s") Duration readTimeout,
		@DefaultValue("1m") Duration verifyInterval) implements CheckedProperties {

	public WatchProperties {
		if (maxFileSize.isNegative()) {
			throw new InvalidPropertyException("flush-manager.watch.max-file-size", maxFileSize.toString(),
					"must not be negative", "Give a size such as 16MB or 512KB.");
		}
	}

	@Override
	public void check(PropertyChecks checks) {
		for (int i = 0; i < this.files.size(); i++) {
			Path file = this.files.get(i);
			checks.require("files[" + i + "]", file != null, "must not be null");
			checks.require("files[" + i + "]", file == null || !Files.isDirectory(file),
					"is a directory; list the config file itself (for a ConfigMap mount, <mountPath>/<key>)");
		}
		checks.atLeast("pollInterval", this.pollInterval, 100);
		checks.atLeast("debounce", this.debounce, 0);
		checks.between("historySize", this.historySize, 1, 100_000);
		checks.atLeast("readTimeout", this.readTimeout, 10);
		checks.atLeast("verifyInterval", this.verifyInterval, 0);
	}

	/** How two snapshots are compared. */
	public enum Compare {

		/** Reload only when the bytes changed (SHA-256). */
		CONTENT,
		/** Any inode, mtime or size change reloads. */
		METADATA

	}

	/** What a watched file absent at start leads to. */
	public enum MissingFile {

		/** Warn, keep watching, treat its appearance as a change. */
		WAIT,
		/** Refuse to start. */
		FAIL

	}

}
