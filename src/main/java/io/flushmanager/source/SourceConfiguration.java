package io.flushmanager.source;

import java.time.Clock;
import java.util.concurrent.Executors;

import io.fabric8.kubernetes.client.Config;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.flushmanager.time.Ticker;

/**
 * The API source's beans, only with {@code flush-manager.source.kubernetes.enabled=true}:
 * in the default mode no class of this package beyond its properties is loaded, and
 * nothing of fabric8 is touched by the service's own code.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "flush-manager.source.kubernetes.enabled", havingValue = "true")
public class SourceConfiguration {

	@Bean
	SourceStatus sourceStatus(Clock clock) {
		return new SourceStatus(clock);
	}

	@Bean
	SourceObjects sourceObjects(KubernetesSourceProperties properties, Ticker ticker, SourceStatus status) {
		return new SourceObjects(new ObjectMaterializer(properties.dir()), properties.deletionGrace(), ticker, status);
	}

	/**
	 * The client is the source's own, from the standard configuration (the service
	 * account in a pod, else the kubeconfig, or {@code kubernetes.*} system properties),
	 * not spring-cloud-kubernetes' one.
	 */
	@Bean
	KubernetesSource kubernetesSource(KubernetesSourceProperties properties, SourceObjects objects, SourceStatus status,
			Ticker ticker) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("fm-source-sweep-");
		threads.setDaemon(true);
		return new KubernetesSource(properties, () -> Config.autoConfigure(null), objects, status, ticker,
				Executors.newSingleThreadScheduledExecutor(threads));
	}

	@Bean
	SourceHealthIndicator sourceHealthIndicator(SourceStatus status, SourceObjects objects) {
		return new SourceHealthIndicator(status, objects);
	}

	@Bean
	SourceMetrics sourceMetrics(MeterRegistry registry, SourceStatus status, SourceObjects objects) {
		return new SourceMetrics(registry, status, objects);
	}

}
