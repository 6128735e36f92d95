package io.flushmanager.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Short human-readable durations for log lines ({@code 10s}, {@code 500ms}, {@code 1.5s},
 * {@code 5m}).
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Format a duration the way users write it in properties.
	 * @param duration the duration
	 * @return such as {@code 500ms}, {@code 5s}, {@code 1.5s} or {@code 10m}
	 */
	public static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + "ms";
		}
		if (millis % 60_000 == 0) {
			return (millis / 60_000) + "m";
		}
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return String.format(Locale.ROOT, "%.3fs", millis / 1000.0).replaceAll("0+s$", "s");
	}

}
