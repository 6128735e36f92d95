package io.flushmanager.watch;

import java.time.Clock;
import java.util.concurrent.ThreadFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import io.flushmanager.config.FlushManagerProperties;
import io.flushmanager.config.WatchProperties;
import io.flushmanager.time.Ticker;

/**
 * Wires the watcher: detector, debouncer, native event loop and the {@code @Scheduled}
 * polling fallback.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class WatchConfiguration implements SchedulingConfigurer {

	private final ObjectProvider<ConfigWatcher> watcher;

	private final FlushManagerProperties properties;

	WatchConfiguration(ObjectProvider<ConfigWatcher> watcher, FlushManagerProperties properties) {
		this.watcher = watcher;
		this.properties = properties;
	}

	@Bean
	@ConditionalOnMissingBean
	WatchServiceProvider watchServiceProvider() {
		return WatchServiceProvider.JDK;
	}

	@Bean
	WatchStatus watchStatus() {
		return new WatchStatus();
	}

	@Bean
	ChangeHistory changeHistory() {
		return new ChangeHistory(this.properties.watch().historySize());
	}

	@Bean
	ChangeDebouncer changeDebouncer(ChangeHistory history, ConfigChangeListener listener, AppliedContent applied,
			Ticker ticker) {
		// Its executor stays private: a ScheduledExecutorService bean would become the
		// @Scheduled scheduler
		// and polling would stall while a reload runs.
		WatchProperties watch = this.properties.watch();
		return new ChangeDebouncer(watch.debounce(), watch.compare(), history, listener, applied,
				new CustomizableThreadFactory("fm-confirm-"), ticker);
	}

	@Bean(destroyMethod = "close")
	ContentReader contentReader() {
		return new ContentReader(this.properties.watch().readTimeout(), readerThreads());
	}

	/**
	 * The one way files are read: the detector and the reload's record of applied content
	 * share it.
	 */
	@Bean
	SnapshotReader snapshotReader(ContentReader contentReader, Clock clock, Ticker ticker) {
		WatchProperties watch = this.properties.watch();
		return new SnapshotReader(watch.maxFileSize(), contentReader, watch.verifyInterval(), clock, ticker);
	}

	@Bean
	ChangeDetector changeDetector(ChangeHistory history, ChangeDebouncer debouncer, Clock clock, WatchStatus status,
			ApplicationEventPublisher events, SnapshotReader snapshotReader) {
		return new ChangeDetector(this.properties.watch().compare(), history, debouncer, clock, status, events,
				snapshotReader);
	}

	/**
	 * Daemon threads: a read stuck in the kernel must never keep the JVM from exiting.
	 */
	static ThreadFactory readerThreads() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("fm-watch-read-");
		threads.setDaemon(true);
		return threads;
	}

	@Bean
	NativeEventLoop nativeEventLoop(WatchServiceProvider provider, ChangeDetector detector, WatchStatus status) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("fm-watch-events-");
		threads.setDaemon(true);
		return new NativeEventLoop(provider, detector, status, threads);
	}

	@Bean
	ConfigWatcher configWatcher(ChangeDetector detector, ChangeDebouncer debouncer, NativeEventLoop eventLoop,
			WatchStatus status, ObjectProvider<WatchedFileSet> fileSets) {
		return new ConfigWatcher(this.properties.watch(), detector, debouncer, eventLoop, status,
				fileSets.orderedStream().toList());
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		// The interval is a bound Duration, which @Scheduled's string attributes cannot
		// take directly.
		registrar.addFixedDelayTask(() -> this.watcher.getObject().poll(), this.properties.watch().pollInterval());
	}

}
