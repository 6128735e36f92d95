package io.flushmanager.reload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.flushmanager.watch.ConfirmedChange;

/**
 * The {@code http} strategy: calls the child's reload webhook; a 2xx answer is success. Retries with a
 * short, growing pause; the response body is not logged.
 */
class HttpReloader implements Reloader {

	private static final Log logger = LogFactory.getLog(HttpReloader.class);

	private static final Duration FIRST_RETRY_PAUSE = Duration.ofMillis(200);

	private final HttpClient client;

	private final URI url;

	private final String method;

	private final Duration timeout;

	private final int retries;

	HttpReloader(URI url, String method, Duration timeout, int retries) {
		this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
		this.url = url;
		this.method = method;
		this.timeout = timeout;
		this.retries = retries;
	}

	@Override
	public boolean reload(ConfirmedChange change) {
		HttpRequest request = HttpRequest.newBuilder(this.url)
			.timeout(this.timeout)
			.method(this.method, HttpRequest.BodyPublishers.noBody())
			.build();
		Duration pause = FIRST_RETRY_PAUSE;
		for (int attempt = 1; attempt <= this.retries + 1; attempt++) {
			try {
				int status = this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
				if (status >= 200 && status < 300) {
					logger.info("Config file change detected, reload webhook " + this.method + " " + this.url
							+ " answered " + status);
					return true;
				}
				logger.warn("Reload webhook " + this.method + " " + this.url + " answered " + status + " (attempt "
						+ attempt + " of " + (this.retries + 1) + ")");
			}
			catch (IOException ex) {
				logger.warn("Reload webhook " + this.method + " " + this.url + " failed: " + ex.getMessage()
						+ " (attempt " + attempt + " of " + (this.retries + 1) + ")");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			if (attempt <= this.retries && !pause(pause)) {
				return false;
			}
			pause = pause.multipliedBy(2);
		}
		return false;
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
