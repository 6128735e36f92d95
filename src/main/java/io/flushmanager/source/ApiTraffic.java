package io.flushmanager.source;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * Sees the source's client's requests fail (lists answered 403 or 500, connections
 * refused), which the informers retry without telling their exception handler. Only the
 * status code and the kind of failure are passed on, never a body. Watches that reconnect
 * on their own are seen by {@link KubernetesSource}'s check instead.
 */
class ApiTraffic implements Interceptor {

	private final Consumer<String> failures;

	ApiTraffic(Consumer<String> failures) {
		this.failures = failures;
	}

	@Override
	public CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response, RequestTags tags) {
		this.failures.accept("HTTP " + response.code() + " from the API server");
		return Interceptor.super.afterFailure(builder, response, tags);
	}

	@Override
	public void afterConnectionFailure(HttpRequest request, Throwable failure) {
		this.failures.accept(ApiOutage.describe(failure));
	}

}
