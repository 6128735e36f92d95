package io.flushmanager.reload.stage;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * {@code reload.diff=redacted}: before a staged reload, logs what changed in each file.
 * Text files up to 64 KiB show their removed and added lines, with the value of every key
 * that looks secret masked; binary or larger files show sizes and hashes only. With
 * {@code off} it logs nothing.
 */
final class RedactedDiff {

	static final int MAX_TEXT = 64 * 1024;

	/**
	 * At most this many changed lines per file: a rewritten file is summarised, not
	 * dumped.
	 */
	static final int MAX_LINES = 50;

	static final String MASK = "******";

	private static final String WORD = "[\\w.\\-]*(?:pass|pwd|secret|token|key|credential|auth|private|cert|session|cookie|dsn|salt)[\\w.\\-]*";

	// key = value or key: value anywhere in a line (also "key": "value" in JSON): the
	// value is masked.
	private static final Pattern SECRET = Pattern
		.compile("(?i)(" + WORD + "[\"']?\\s*[:=]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;}]+)");

	// A line that starts with such a key and a space ("requirepass s3cret"): the rest is
	// masked.
	private static final Pattern SECRET_LINE = Pattern.compile("(?i)^(\\s*" + WORD + "\\s+)(\\S.*)$");

	// A URL with user:password@.
	private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]+:)([^@\\s]+)(@)");

	private static final Log logger = LogFactory.getLog(RedactedDiff.class);

	private final boolean enabled;

	private final Consumer<String> out;

	RedactedDiff(boolean enabled) {
		this(enabled, logger::info);
	}

	RedactedDiff(boolean enabled, Consumer<String> out) {
		this.enabled = enabled;
		this.out = out;
	}

	void log(Map<String, byte[]> before, Map<String, byte[]> after) {
		if (!this.enabled) {
			return;
		}
		for (String name : new TreeSet<>(union(before, after))) {
			byte[] old = before.get(name);
			byte[] now = after.get(name);
			if (old != null && now != null && java.util.Arrays.equals(old, now)) {
				continue;
			}
			this.out.accept(describe(name, old, now));
		}
	}

	static String describe(String name, byte @Nullable [] old, byte @Nullable [] now) {
		String head = "Config diff of " + name + " (" + size(old) + " -> " + size(now) + ", sha256 "
				+ Payloads.shortHash((old != null) ? Payloads.sha256(old) : null) + " -> "
				+ Payloads.shortHash((now != null) ? Payloads.sha256(now) : null) + ")";
		String oldText = text(old);
		String newText = text(now);
		if ((old != null && oldText == null) || (now != null && newText == null)) {
			return head + ": binary or larger than 64 KiB, not shown";
		}
		List<String> lines = changedLines((oldText != null) ? oldText : "", (newText != null) ? newText : "");
		return head + ((lines.isEmpty()) ? "" : ":\n" + String.join("\n", lines));
	}

	/**
	 * Removed then added lines, by a longest common subsequence (files are small: at most
	 * 64 KiB).
	 */
	static List<String> changedLines(String oldText, String newText) {
		String[] a = oldText.split("\n", -1);
		String[] b = newText.split("\n", -1);
		if ((long) a.length * b.length > 4_000_000L) {
			return List.of("  (" + a.length + " -> " + b.length + " lines, too many to compare)");
		}
		int[][] lcs = new int[a.length + 1][b.length + 1];
		for (int i = a.length - 1; i >= 0; i--) {
			for (int j = b.length - 1; j >= 0; j--) {
				lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
			}
		}
		List<String> out = new ArrayList<>();
		int i = 0;
		int j = 0;
		int shown = 0;
		while ((i < a.length || j < b.length) && shown < MAX_LINES) {
			if (i < a.length && j < b.length && a[i].equals(b[j])) {
				i++;
				j++;
			}
			else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
				out.add("  - " + redact(a[i++]));
				shown++;
			}
			else {
				out.add("  + " + redact(b[j++]));
				shown++;
			}
		}
		if (i < a.length || j < b.length) {
			out.add("  (more changes not shown)");
		}
		return out;
	}

	static String redact(String line) {
		String escaped = line.replaceAll("\\p{Cntrl}", "?");
		Matcher whole = SECRET_LINE.matcher(escaped);
		if (whole.matches()) {
			return whole.group(1) + MASK;
		}
		String masked = SECRET.matcher(escaped).replaceAll((match) -> Matcher.quoteReplacement(match.group(1) + MASK));
		return URL_PASSWORD.matcher(masked).replaceAll("$1" + MASK + "$3");
	}

	private static @Nullable String text(byte @Nullable [] bytes) {
		if (bytes == null) {
			return "";
		}
		if (bytes.length > MAX_TEXT) {
			return null;
		}
		for (byte b : bytes) {
			if (b == 0) {
				return null;
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private static String size(byte @Nullable [] bytes) {
		return (bytes != null) ? bytes.length + " bytes" : "absent";
	}

	private static java.util.Set<String> union(Map<String, byte[]> a, Map<String, byte[]> b) {
		java.util.Set<String> names = new java.util.HashSet<>(a.keySet());
		names.addAll(b.keySet());
		return names;
	}

}
