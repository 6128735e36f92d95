package io.flushmanager.child;

/**
 * Makes a line of the child's output safe to log: control characters could forge log
 * lines (CR, NUL), drive the operator's terminal (ESC sequences, 8-bit CSI) or reorder
 * what is shown (bidi overrides). C0 controls except TAB, DEL and C1 controls become
 * visible escapes ({@code \e}, {@code \r}, {@code \n}, {@code \xNN},
 * {@code \}{@code uNNNN}); bytes that are not UTF-8 already arrive as U+FFFD from the
 * pump's decoding. A line with nothing to escape is returned as is, without copying.
 */
final class ControlEscaper {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private ControlEscaper() {
	}

	static String escape(String line) {
		int length = line.length();
		int i = 0;
		while (i < length && !needsEscape(line.charAt(i))) {
			i++;
		}
		if (i == length) {
			return line;
		}
		StringBuilder out = new StringBuilder(length + 16).append(line, 0, i);
		for (; i < length; i++) {
			char c = line.charAt(i);
			if (!needsEscape(c)) {
				out.append(c);
			}
			else if (c == 0x1B) {
				out.append("\\e");
			}
			else if (c == '\r') {
				out.append("\\r");
			}
			else if (c == '\n') {
				out.append("\\n");
			}
			else if (c <= 0xFF) {
				out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
			else {
				out.append("\\u")
					.append(HEX[c >> 12])
					.append(HEX[(c >> 8) & 0xF])
					.append(HEX[(c >> 4) & 0xF])
					.append(HEX[c & 0xF]);
			}
		}
		return out.toString();
	}

	private static boolean needsEscape(char c) {
		if (c < 0x20) {
			return c != '\t';
		}
		if (c < 0x7F) {
			return false;
		}
		return c <= 0x9F || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
	}

}
