package io.flushmanager.child;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.flushmanager.config.FlushManagerProperties;

/**
 * Wires the child supervisor from {@code flush-manager.child.*}.
 */
@Configuration(proxyBeanMethods = false)
public class ChildConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceExit serviceExit(ApplicationContext context) {
		return new SpringServiceExit(context);
	}

	@Bean
	@ConditionalOnMissingBean
	OutputSink childOutputSink(FlushManagerProperties properties) {
		return new LoggingOutputSink(properties.child().displayName());
	}

	@Bean
	ChildSupervisor childSupervisor(FlushManagerProperties properties, OutputSink childOutputSink,
			ServiceExit serviceExit, ApplicationEventPublisher publisher, Clock clock) {
		return new ChildSupervisor(properties.child(), childOutputSink, serviceExit, publisher, clock);
	}

}
