package io.flushmanager.lifecycle;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.flushmanager.child.ChildControl;
import io.flushmanager.config.FlushManagerProperties;

/**
 * The service's own process: its signal handling and its heap after start.
 */
@Configuration(proxyBeanMethods = false)
public class LifecycleConfiguration {

	@Bean
	ServiceSignals serviceSignals(ChildControl child) {
		return new ServiceSignals(child);
	}

	@Bean
	HeapCompaction heapCompaction(FlushManagerProperties properties) {
		return new HeapCompaction(properties.heap().compactAfterStart());
	}

}
