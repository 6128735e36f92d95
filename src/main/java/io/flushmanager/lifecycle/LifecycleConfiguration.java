package io.flushmanager.lifecycle;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.flushmanager.child.ChildControl;

/**
 * The service's own process: its signal handling.
 */
@Configuration(proxyBeanMethods = false)
public class LifecycleConfiguration {

	@Bean
	ServiceSignals serviceSignals(ChildControl child) {
		return new ServiceSignals(child);
	}

}
