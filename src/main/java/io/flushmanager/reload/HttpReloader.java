package io.flushmanager.reload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.watch.ChangeOutcome;
import io.flushmanager.watch.ConfirmedChange;

/**
 * The {@code http} strategy: calls the child's reload webhook; a 2xx answer is success.
 * Retries with a short, growing pause; the response body is not logged.
 */
class HttpReloader implements Reloader {

	private static final Log logger = LogFactory.getLog(HttpReloader.class);

	private static final Duration FIRST_RETRY_PAUSE = Duration.ofMillis(200);

	/** The JDK client, for what {@link PlainHttpCall} does not do ({@code https}). */
	private final @Nullable HttpClient client;

	private final @Nullable PlainHttpCall plain;

	private final URI url;

	private final String method;

	private final Duration timeout;

	private final int retries;

	HttpReloader(URI url, String method, Duration timeout, int retries) {
		// The webhook is on the hot path of a reload: a plain http one is one write and
		// one read on a kept-alive socket (PlainHttpCall). Otherwise the JDK client, in
		// HTTP/1.1 (the default, HTTP/2, offers an h2c upgrade a webhook never takes),
		// writing on the calling thread instead of handing the request to a pool thread
		// first (docs/bench.md, "Hot paths").
		this.plain = PlainHttpCall.supports(url) ? new PlainHttpCall(url, method, timeout) : null;
		this.client = (this.plain != null) ? null
				: HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.executor(Runnable::run)
					.connectTimeout(timeout)
					.build();
		this.url = url;
		this.method = method;
		this.timeout = timeout;
		this.retries = retries;
	}

	private int send() throws IOException, InterruptedException {
		if (this.plain != null) {
			return this.plain.call();
		}
		HttpRequest request = HttpRequest.newBuilder(this.url)
			.timeout(this.timeout)
			.method(this.method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	@Override
	public ChangeOutcome reload(ConfirmedChange change) {
		Duration pause = FIRST_RETRY_PAUSE;
		String last = "webhook was not called";
		int attempts = this.retries + 1;
		for (int attempt = 1; attempt <= attempts; attempt++) {
			try {
				int status = send();
				if (status >= 200 && status < 300) {
					logger.info("Config file change detected, reload webhook " + this.method + " " + this.url
							+ " answered " + status);
					return ChangeOutcome.reloaded();
				}
				last = "webhook answered " + status;
				logger.warn("Reload webhook " + this.method + " " + this.url + " answered " + status + " (attempt "
						+ attempt + " of " + attempts + ")");
			}
			catch (IOException ex) {
				last = "webhook failed: " + ex.getClass().getSimpleName();
				logger.warn("Reload webhook " + this.method + " " + this.url + " failed: " + Failures.describe(ex)
						+ " (attempt " + attempt + " of " + attempts + ")");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return ChangeOutcome.reloadFailed(last + ", then interrupted at attempt " + attempt);
			}
			if (attempt <= this.retries && !pause(pause)) {
				return ChangeOutcome.reloadFailed(last + ", then interrupted after attempt " + attempt);
			}
			pause = pause.multipliedBy(2);
		}
		return ChangeOutcome.reloadFailed(last + " after " + attempts + ((attempts == 1) ? " attempt" : " attempts"));
	}

	private static boolean pause(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
