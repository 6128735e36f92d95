package io.flushmanager.support;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

import io.flushmanager.watch.WatchServiceProvider;

/**
 * The JDK's watch service, except that waiting for an event throws what no code path
 * expects: the way to kill the watcher's event thread from outside.
 *
 * @param delegate the real service
 */
public record DyingWatchService(WatchService delegate) implements WatchService {

	/** The message of the injected failure. */
	public static final String FAILURE = "injected watch service failure";

	/**
	 * A provider of dying services; registrations still go to the real service.
	 * @return the provider
	 */
	public static WatchServiceProvider provider() {
		return new WatchServiceProvider() {
			@Override
			public WatchService open() throws IOException {
				return new DyingWatchService(WatchServiceProvider.JDK.open());
			}

			@Override
			public WatchKey register(WatchService service, Path directory) throws IOException {
				return WatchServiceProvider.JDK.register(((DyingWatchService) service).delegate(), directory);
			}
		};
	}

	@Override
	public WatchKey take() {
		throw new IllegalStateException(FAILURE);
	}

	@Override
	public WatchKey poll() {
		return this.delegate.poll();
	}

	@Override
	public WatchKey poll(long timeout, TimeUnit unit) throws InterruptedException {
		return this.delegate.poll(timeout, unit);
	}

	@Override
	public void close() throws IOException {
		this.delegate.close();
	}

}
