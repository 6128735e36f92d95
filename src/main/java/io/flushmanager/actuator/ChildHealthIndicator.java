package io.flushmanager.actuator;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.ChildState;
import io.flushmanager.child.ChildStatus;

/**
 * Health component {@code child}: UP while the child is {@code RUNNING}, DOWN otherwise.
 * Part of the readiness group (a pod whose child is down should get no traffic) and never
 * of liveness (restarting the container does not fix a child that cannot start; the
 * supervisor already restarts it).
 */
public class ChildHealthIndicator implements HealthIndicator {

	private final ChildControl child;

	public ChildHealthIndicator(ChildControl child) {
		this.child = child;
	}

	@Override
	public Health health() {
		if (!this.child.configured()) {
			// Collection alone: UNKNOWN counts for nothing in the readiness aggregate.
			return Health.unknown()
				.withDetail("child", "none (flush-manager.child.command unset: collection alone)")
				.build();
		}
		ChildStatus status = this.child.status();
		Health.Builder builder = (status.state() == ChildState.RUNNING) ? Health.up() : Health.down();
		builder.withDetail("state", status.state());
		if (status.pid() != null) {
			builder.withDetail("pid", status.pid());
		}
		builder.withDetail("restartCount", status.restartCount());
		if (status.lastExit() != null) {
			builder.withDetail("lastExit", status.lastExit());
		}
		return builder.build();
	}

}
