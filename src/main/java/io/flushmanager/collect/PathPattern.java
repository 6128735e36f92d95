package io.flushmanager.collect;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Attribution from the layout of the collected directory:
 * {@code {namespace}/{pod}/{container}/**} names the first three segments of a file's
 * path relative to its directory. {@code *} matches one segment, {@code **} the rest; a
 * path that does not fit gives no attribution.
 */
final class PathPattern {

	private final String[] segments;

	PathPattern(String pattern) {
		this.segments = pattern.split("/");
	}

	/**
	 * @param relative a path relative to its collected directory
	 * @return the named segments (empty when the path does not fit)
	 */
	Map<String, String> match(Path relative) {
		Map<String, String> names = new LinkedHashMap<>();
		int count = relative.getNameCount();
		for (int i = 0; i < this.segments.length; i++) {
			String segment = this.segments[i];
			if (segment.equals("**")) {
				return names;
			}
			// The last segment of the path is the file itself: a directory segment never
			// names it.
			if (i >= count - 1 && i != this.segments.length - 1) {
				return Map.of();
			}
			if (i >= count) {
				return Map.of();
			}
			String actual = relative.getName(i).toString();
			if (segment.startsWith("{") && segment.endsWith("}")) {
				names.put(segment.substring(1, segment.length() - 1), actual);
			}
			else if (!segment.equals("*") && !segment.equals(actual)) {
				return Map.of();
			}
		}
		return (count == this.segments.length) ? names : Map.of();
	}

}
