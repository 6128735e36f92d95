package io.flushmanager.actuator;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.flushmanager.child.ChildControl;

/**
 * Health component {@code supervisor}: DOWN only when the supervisor itself stopped
 * working (its thread died), whatever the child does. Part of the liveness group: only a
 * container restart fixes that.
 */
public class SupervisorHealthIndicator implements HealthIndicator {

	private final ChildControl child;

	public SupervisorHealthIndicator(ChildControl child) {
		this.child = child;
	}

	@Override
	public Health health() {
		if (this.child.healthy()) {
			return Health.up().build();
		}
		return Health.down().withDetail("problem", "the child supervisor thread is not working").build();
	}

}
