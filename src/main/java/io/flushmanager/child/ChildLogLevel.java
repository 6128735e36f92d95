package io.flushmanager.child;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The level a child wrote into its own line: logfmt {@code level=warn} (logrus, go-kit,
 * slog's text handler) or a top-level {@code "level"}/{@code "severity"} field of a JSON
 * line (zap, slog, logrus JSON, Google Cloud style; pino's numbers too). Nothing is
 * parsed beyond that key, so a line costs one scan.
 */
enum ChildLogLevel {

	TRACE, DEBUG, INFO, WARN, ERROR;

	/** Longest prefix searched for a level: it is near the start in every format seen. */
	private static final int SCAN_LIMIT = 512;

	/**
	 * The level the line carries.
	 * @param line one line of the child's output
	 * @return its level, or {@code null} when it names none (or one not known)
	 */
	static @Nullable ChildLogLevel of(String line) {
		int start = 0;
		while (start < line.length() && line.charAt(start) == ' ') {
			start++;
		}
		if (start < line.length() && line.charAt(start) == '{') {
			return json(line, start);
		}
		return logfmt(line);
	}

	private static @Nullable ChildLogLevel logfmt(String line) {
		int limit = Math.min(line.length(), SCAN_LIMIT);
		int at = line.indexOf("level=");
		while (at >= 0 && at < limit) {
			if (at == 0 || line.charAt(at - 1) == ' ' || line.charAt(at - 1) == '\t') {
				int from = at + "level=".length();
				boolean quoted = from < line.length() && line.charAt(from) == '"';
				return named(word(line, quoted ? from + 1 : from));
			}
			at = line.indexOf("level=", at + 1);
		}
		return null;
	}

	/**
	 * The value of the first top-level "level" or "severity" key; keys inside nested
	 * objects are skipped.
	 */
	private static @Nullable ChildLogLevel json(String line, int start) {
		int limit = Math.min(line.length(), SCAN_LIMIT);
		int depth = 0;
		int i = start;
		while (i < limit) {
			char c = line.charAt(i);
			if (c == '{' || c == '[') {
				depth++;
			}
			else if (c == '}' || c == ']') {
				depth--;
			}
			else if (c == '"') {
				int end = endOfString(line, i + 1);
				if (end < 0) {
					return null;
				}
				if (depth == 1 && isKey(line.substring(i + 1, end))) {
					int colon = skipSpaces(line, end + 1);
					if (colon < line.length() && line.charAt(colon) == ':') {
						int value = skipSpaces(line, colon + 1);
						if (value < line.length() && line.charAt(value) == '"') {
							return named(word(line, value + 1));
						}
						return numbered(word(line, value));
					}
				}
				i = end;
			}
			i++;
		}
		return null;
	}

	private static boolean isKey(String key) {
		return key.equals("level") || key.equals("severity") || key.equals("lvl");
	}

	private static int endOfString(String line, int from) {
		for (int i = from; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '\\') {
				i++;
			}
			else if (c == '"') {
				return i;
			}
		}
		return -1;
	}

	private static int skipSpaces(String line, int from) {
		int i = from;
		while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
			i++;
		}
		return i;
	}

	private static String word(String line, int from) {
		int end = from;
		while (end < line.length() && end - from < 16 && Character.isLetterOrDigit(line.charAt(end))) {
			end++;
		}
		return line.substring(from, end);
	}

	private static @Nullable ChildLogLevel named(String word) {
		return switch (word.toLowerCase(Locale.ROOT)) {
			case "trace" -> TRACE;
			case "debug", "dbug" -> DEBUG;
			case "info", "information", "notice" -> INFO;
			case "warn", "warning" -> WARN;
			case "error", "err", "eror", "fatal", "panic", "dpanic", "critical", "crit", "alert", "emergency",
					"emerg" ->
				ERROR;
			default -> null;
		};
	}

	/** pino/bunyan: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
	private static @Nullable ChildLogLevel numbered(String word) {
		return switch (word) {
			case "10" -> TRACE;
			case "20" -> DEBUG;
			case "30" -> INFO;
			case "40" -> WARN;
			case "50", "60" -> ERROR;
			default -> null;
		};
	}

}
