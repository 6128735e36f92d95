package io.flushmanager.config;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Restart backoff.
 *
 * @param initial first delay
 * @param max largest delay
 * @param multiplier growth factor per consecutive exit
 * @param resetAfter a child that ran this long resets the delay to the initial one
 */
public record BackoffProperties(@DefaultValue("1s") Duration initial, @DefaultValue("5m") Duration max,
		@DefaultValue("2.0") double multiplier, @DefaultValue("10m") Duration resetAfter) implements CheckedProperties {

	@Override
	public void check(PropertyChecks checks) {
		checks.atLeast("initial", this.initial, 0);
		checks.atLeast("max", this.max, 0);
		checks.atLeast("multiplier", this.multiplier, 1.0);
		checks.atLeast("resetAfter", this.resetAfter, 0);
	}

}
