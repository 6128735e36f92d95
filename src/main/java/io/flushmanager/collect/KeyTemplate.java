package io.flushmanager.collect;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object key, rendered once when a file has settled and kept in the ledger. Each
 * value is reduced to {@code [A-Za-z0-9._-]} so no file name or core note can climb out
 * of the prefix ({@code ..}) or add segments.
 */
final class KeyTemplate {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9]+)}");

	private final String template;

	KeyTemplate(String template) {
		this.template = template;
	}

	/**
	 * @param values placeholder values ({@code date} is derived from {@code mtime})
	 * @param mtimeNanos the file's mtime
	 * @param suffix the compression suffix
	 * @return the key
	 */
	String render(Map<String, String> values, long mtimeNanos, String suffix) {
		String date = Instant.ofEpochSecond(Math.floorDiv(mtimeNanos, 1_000_000_000L))
			.atZone(ZoneOffset.UTC)
			.toLocalDate()
			.toString();
		Matcher matcher = PLACEHOLDER.matcher(this.template);
		StringBuilder key = new StringBuilder();
		while (matcher.find()) {
			String name = matcher.group(1);
			String value = name.equals("date") ? date : values.getOrDefault(name, "");
			matcher.appendReplacement(key, Matcher.quoteReplacement(safe(value)));
		}
		matcher.appendTail(key);
		return key.toString().replaceAll("/+", "/").replaceAll("^/", "") + suffix;
	}

	static String safe(String value) {
		String safe = value.replaceAll("[^A-Za-z0-9._-]", "_");
		if (safe.isEmpty()) {
			return "unknown";
		}
		return (safe.equals(".") || safe.equals("..")) ? "_" : safe;
	}

}
