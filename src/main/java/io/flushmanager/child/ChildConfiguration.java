package io.flushmanager.child;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.flushmanager.config.ChildProperties;
import io.flushmanager.config.Durations;
import io.flushmanager.config.FlushManagerProperties;
import io.flushmanager.time.Ticker;

/**
 * Wires the child supervisor from {@code flush-manager.child.*}.
 */
@Configuration(proxyBeanMethods = false)
public class ChildConfiguration {

	private static final Log logger = LogFactory.getLog(ChildConfiguration.class);

	/** Time beyond stop-timeout for the SIGKILL step and the output to drain. */
	private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(5);

	/** Spring Boot's default {@code spring.lifecycle.timeout-per-shutdown-phase}. */
	private static final Duration DEFAULT_SHUTDOWN_PHASE = Duration.ofSeconds(30);

	@Bean
	@ConditionalOnMissingBean
	ServiceExit serviceExit(ApplicationContext context) {
		return new SpringServiceExit(context);
	}

	@Bean
	@ConditionalOnMissingBean
	OutputSink childOutputSink(FlushManagerProperties properties) {
		return switch (properties.child().output()) {
			case LOG -> new LoggingOutputSink(properties.child().displayName());
			case PASSTHROUGH -> new PassthroughOutputSink();
		};
	}

	@Bean
	ChildSupervisor childSupervisor(FlushManagerProperties properties, OutputSink childOutputSink,
			ServiceExit serviceExit, ApplicationEventPublisher publisher, Clock clock, ObjectProvider<Ticker> ticker,
			Environment environment, ObjectProvider<StartGate> startGate, ObjectProvider<OutputTap> taps) {
		Duration shutdownPhase = Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(DEFAULT_SHUTDOWN_PHASE);
		Duration needed = properties.child().stopTimeout().plus(SHUTDOWN_MARGIN);
		if (needed.compareTo(shutdownPhase) > 0) {
			// Spring stops waiting after the phase timeout; the JVM then exits and the
			// child is SIGKILLed.
			logger.warn("spring.lifecycle.timeout-per-shutdown-phase (" + Durations.format(shutdownPhase)
					+ ") is shorter than flush-manager.child.stop-timeout plus " + Durations.format(SHUTDOWN_MARGIN)
					+ " (" + Durations.format(needed) + "): a slow child may be killed instead of stopped gracefully");
		}
		// A reload transaction (flush-manager.reload.stage-dir or verify.*) taps the
		// output and gates the first
		// start; without one neither bean exists and the sink is the plain one.
		OutputSink sink = taps.orderedStream().reduce(childOutputSink, OutputSink::withTap, (a, b) -> b);
		ChildProperties child = properties.child();
		if (properties.reload().stageDir() != null) {
			child = child.withEnv("FM_STAGE_DIR", properties.reload().stageDir().toString());
		}
		return new ChildSupervisor(child, sink, serviceExit, publisher, clock,
				ticker.getIfAvailable(() -> Ticker.SYSTEM), startGate.getIfAvailable(() -> StartGate.OPEN));
	}

	/**
	 * Closing the context is the start of the shutdown (SIGTERM), before any lifecycle
	 * bean stops.
	 */
	@Bean
	ApplicationListener<ContextClosedEvent> childSupervisorClosing(ChildSupervisor childSupervisor,
			ApplicationContext context) {
		return (event) -> {
			if (event.getApplicationContext() == context) {
				childSupervisor.refuseStarts();
			}
		};
	}

}
