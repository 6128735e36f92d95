package io.flushmanager.collect;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.flushmanager.collect.elf.CoreNotes;

/**
 * What a file says about itself when it settles: the named groups of the path pattern
 * (relative to its collect directory) and, for a core file, the crashed program's notes.
 * Its own type because these values feed both the object key and the webhook, and are
 * read once: the {@link HandOff} only records them.
 */
final class FileMetadata {

	private final PathPattern pathPattern;

	private final CollectScope scope;

	FileMetadata(PathPattern pathPattern, CollectScope scope) {
		this.pathPattern = pathPattern;
		this.scope = scope;
	}

	Map<String, String> of(Path file) {
		Map<String, String> meta = new HashMap<>();
		Path dir = this.scope.dirOf(file).orElse(file.getParent());
		meta.putAll(this.pathPattern.match(dir.relativize(file)));
		CoreNotes.read(file).ifPresent((core) -> {
			meta.put("exe", core.executable());
			meta.put("pid", Long.toString(core.pid()));
			meta.put("args", core.args());
		});
		return meta;
	}

}
