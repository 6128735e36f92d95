package io.flushmanager.collect;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.flushmanager.child.ChildEnvironment;
import io.flushmanager.collect.ledger.Ledger;
import io.flushmanager.collect.store.FileTarget;
import io.flushmanager.collect.store.NoTarget;
import io.flushmanager.collect.store.S3Target;
import io.flushmanager.collect.store.Target;
import io.flushmanager.config.FlushManagerProperties;
import io.flushmanager.config.StartupFailureException;
import io.flushmanager.time.Ticker;
import io.flushmanager.watch.WatchServiceProvider;

/**
 * Collection mode (HELP.md, "Collection mode"), present only when
 * {@code flush-manager.collect.dirs} is set: in the default mode none of its classes, nor
 * the AWS SDK's, is loaded. The condition reads the annotation's metadata, not the class.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "flush-manager.collect", name = "dirs")
@EnableConfigurationProperties(CollectProperties.class)
public class CollectConfiguration {

	@Bean(destroyMethod = "")
	Ledger collectLedger(CollectProperties properties) {
		try {
			return Ledger.open(properties.stateDir());
		}
		catch (IOException ex) {
			throw new StartupFailureException(
					"Collection cannot use its state directory " + properties.stateDir() + ": " + ex.getMessage(),
					"Give flush-manager.collect.state-dir a writable directory that outlives the "
							+ "container (hostPath or PVC), used by one collector only.");
		}
	}

	@Bean
	CollectStats collectStats(MeterRegistry registry, Clock clock) {
		return new CollectStats(registry, clock);
	}

	@Bean(destroyMethod = "")
	CollectService collectService(CollectProperties properties, FlushManagerProperties core, Ledger ledger,
			CollectStats stats, Clock clock, Ticker ticker, WatchServiceProvider provider) {
		Target target = target(properties);
		CollectScope scope = new CollectScope(properties.dirs(), properties.include(), properties.exclude());
		HandOffCommand command = properties.command().isEmpty() ? null : new HandOffCommand(properties.command(),
				ChildEnvironment.of(core.child()).variables(), Duration.ofMinutes(10));
		URI notifyUrl = properties.notification().url();
		Notifier notifier = (notifyUrl != null)
				? new Notifier(notifyUrl, properties.notification().template(), properties.notification().timeout())
				: null;
		Path spool = properties.stateDir().resolve("spool");
		HandOff handOff = new HandOff(properties, ledger, target, Compression.of(properties.compress()), spool, clock,
				stats, command, notifier, scope);
		ThreadPoolExecutor workers = CollectService.workers(properties.concurrency());
		Collector collector = new Collector(ledger, handOff, workers, ticker, clock, properties.settle(),
				properties.retry(), stats);
		CustomizableThreadFactory events = new CustomizableThreadFactory("fm-collect-events-");
		events.setDaemon(true);
		CollectSources sources = new CollectSources(scope, collector, provider, core.watch().nativeEvents(), events,
				clock);
		return new CollectService(ledger, collector, sources, workers, target, core.watch().pollInterval(),
				properties.settle(), QuotaCleaner.of(ledger, properties.quota(), clock, stats), clock,
				properties.target());
	}

	private static Target target(CollectProperties properties) {
		String target = properties.target();
		if (target.startsWith("s3://")) {
			return new S3Target(target, properties.endpoint(), properties.region(), properties.pathStyle());
		}
		if (target.startsWith("file:")) {
			return new FileTarget(Path.of(URI.create(target)));
		}
		return new NoTarget();
	}

	@Bean
	CollectHealthIndicator collectHealthIndicator(CollectService service) {
		return new CollectHealthIndicator(service);
	}

	@Bean
	CollectMetrics collectMetrics(MeterRegistry registry, CollectService service) {
		return new CollectMetrics(registry, service);
	}

}
