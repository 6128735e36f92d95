package io.flushmanager.config;

import java.time.Duration;

import org.springframework.validation.Errors;

/**
 * The checks the settings records share, on Spring's {@link Errors} of the record being
 * bound: a rejection names the record component, so that Spring Boot's bind failure
 * carries the property name, the value as written and its origin to
 * {@link InvalidPropertiesFailureAnalyzer}. The messages are those Bean Validation gave
 * before it was dropped (its ~700 classes loaded at every start for a dozen limits).
 */
public final class PropertyChecks {

	private final Errors errors;

	PropertyChecks(Errors errors) {
		this.errors = errors;
	}

	/**
	 * A duration is at least a number of milliseconds.
	 * @param field the record component
	 * @param value its value
	 * @param millis the smallest valid value, 0 for "not negative"
	 */
	public void atLeast(String field, Duration value, long millis) {
		if (value.compareTo(Duration.ofMillis(millis)) < 0) {
			reject(field, (millis == 0) ? "must not be negative" : "must be at least " + millis + "ms");
		}
	}

	/**
	 * A whole number lies within a range.
	 * @param field the record component
	 * @param value its value
	 * @param min the smallest valid value
	 * @param max the largest valid value
	 */
	public void between(String field, long value, long min, long max) {
		if (value < min) {
			reject(field, "must be greater than or equal to " + min);
		}
		else if (value > max) {
			reject(field, "must be less than or equal to " + max);
		}
	}

	/**
	 * A number is at least a bound.
	 * @param field the record component
	 * @param value its value
	 * @param min the smallest valid value
	 */
	public void atLeast(String field, double value, double min) {
		if (!(value >= min)) {
			reject(field, "must be greater than or equal to " + min);
		}
	}

	/**
	 * Reject a value unless a condition holds.
	 * @param field the record component, with an index for a list item ({@code files[0]})
	 * @param valid whether the value is valid
	 * @param reason what is wrong, as the failure analysis shows it after "Reason:"
	 */
	public void require(String field, boolean valid, String reason) {
		if (!valid) {
			reject(field, reason);
		}
	}

	private void reject(String field, String reason) {
		this.errors.rejectValue(field, "invalid", reason);
	}

}
