package io.flushmanager.config;

import org.jspecify.annotations.Nullable;

/**
 * A property value that only makes sense together with others is wrong. Reported by
 * {@link InvalidPropertiesFailureAnalyzer}.
 */
public class InvalidPropertyException extends RuntimeException {

	private final String property;

	private final @Nullable String value;

	private final String reason;

	private final String action;

	public InvalidPropertyException(String property, @Nullable String value, String reason, String action) {
		super(property + " " + reason);
		this.property = property;
		this.value = value;
		this.reason = reason;
		this.action = action;
	}

	public String getProperty() {
		return this.property;
	}

	public @Nullable String getValue() {
		return this.value;
	}

	public String getReason() {
		return this.reason;
	}

	public String getAction() {
		return this.action;
	}

}
