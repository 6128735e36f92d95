package io.flushmanager.actuator;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.ChildEvent;
import io.flushmanager.child.ChildState;
import io.flushmanager.child.RestartReason;

/**
 * The child's meters: {@code flush_manager_child_restarts_total{reason}} (every start
 * after the first) and {@code flush_manager_child_up} (1 while a child process is up:
 * {@code STARTING} or {@code RUNNING}).
 */
public class ChildMetrics {

	private final Map<RestartReason, Counter> restarts = new EnumMap<>(RestartReason.class);

	public ChildMetrics(MeterRegistry registry, ChildControl child) {
		if (!child.configured()) {
			// Collection alone: no child, so no child meters (a constant 0 for "up" would
			// page someone).
			return;
		}
		for (RestartReason reason : RestartReason.values()) {
			if (reason != RestartReason.STARTUP && reason != RestartReason.SHUTDOWN) {
				this.restarts.put(reason,
						Counter.builder("flush_manager.child.restarts")
							.description("Starts of the child after the first one, by reason")
							.tag("reason", Labels.of(reason))
							.register(registry));
			}
		}
		Gauge.builder("flush_manager.child.up", child, ChildMetrics::up)
			.description("1 while a child process is up (STARTING or RUNNING), else 0")
			.register(registry);
	}

	@EventListener
	void onChildEvent(ChildEvent event) {
		if (event.type() == ChildEvent.Type.STARTED) {
			Counter counter = this.restarts.get(event.reason());
			if (counter != null) {
				counter.increment();
			}
		}
	}

	private static double up(ChildControl child) {
		ChildState state = child.status().state();
		return (state == ChildState.STARTING || state == ChildState.RUNNING) ? 1 : 0;
	}

}
