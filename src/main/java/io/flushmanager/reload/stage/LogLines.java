package io.flushmanager.reload.stage;

import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.flushmanager.child.OutputSink;
import io.flushmanager.child.OutputTap;

/**
 * Counts the child's output lines that match {@code verify.log-pattern}. Called on the
 * pump threads: one regex find per line, nothing kept but a counter (no line content is
 * stored or logged here).
 */
final class LogLines implements OutputTap {

	private final Pattern pattern;

	private final AtomicLong matches = new AtomicLong();

	LogLines(Pattern pattern) {
		this.pattern = pattern;
	}

	@Override
	public void line(long pid, OutputSink.Stream stream, String line) {
		if (this.pattern.matcher(line).find()) {
			this.matches.incrementAndGet();
		}
	}

	/** A mark to take before a reload: only lines after it count for that reload. */
	long mark() {
		return this.matches.get();
	}

	boolean matchedSince(long mark) {
		return this.matches.get() > mark;
	}

	String pattern() {
		return this.pattern.pattern();
	}

}
