package io.flushmanager.config;

/**
 * A condition found at start that makes running pointless, such as a watched file missing
 * with {@code missing-file=fail}. Reported by {@link StartupFailureAnalyzer} as a
 * description and a fix.
 */
public class StartupFailureException extends RuntimeException {

	private final String action;

	public StartupFailureException(String description, String action) {
		super(description);
		this.action = action;
	}

	public String getAction() {
		return this.action;
	}

}
