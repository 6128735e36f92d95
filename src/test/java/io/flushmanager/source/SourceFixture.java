package io.flushmanager.source;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import io.flushmanager.time.Ticker;

/**
 * The API source without Spring, against a mock API server: its objects, status and
 * informers, for tests that look at the source alone.
 */
final class SourceFixture implements AutoCloseable {

	static final String NAMESPACE = "test";

	final SourceStatus status = new SourceStatus(java.time.Clock.systemUTC());

	final SourceObjects objects;

	final KubernetesSource source;

	private SourceFixture(KubernetesSourceProperties properties, String masterUrl, Ticker ticker) {
		this.objects = new SourceObjects(new ObjectMaterializer(properties.dir()), properties.deletionGrace(), ticker,
				this.status);
		this.source = new KubernetesSource(properties, () -> config(masterUrl), this.objects, this.status, ticker,
				Executors.newSingleThreadScheduledExecutor());
	}

	static SourceFixture named(String masterUrl, Path dir, List<String> configMaps, List<String> secrets) {
		return new SourceFixture(new KubernetesSourceProperties(true, NAMESPACE, configMaps, secrets, null, dir,
				Duration.ofSeconds(20), Duration.ofMinutes(5)), masterUrl, Ticker.SYSTEM);
	}

	static SourceFixture selected(String masterUrl, Path dir, String selector) {
		return new SourceFixture(new KubernetesSourceProperties(true, NAMESPACE, List.of(), List.of(), selector, dir,
				Duration.ofSeconds(30), Duration.ofMinutes(5)), masterUrl, Ticker.SYSTEM);
	}

	/** A client as the service builds it, pointed at the mock, reconnecting fast. */
	static KubernetesClient client(String masterUrl) {
		return new KubernetesClientBuilder().withConfig(config(masterUrl)).build();
	}

	static Config config(String masterUrl) {
		return new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl)
			.withTrustCerts(true)
			.withNamespace(NAMESPACE)
			.withWatchReconnectInterval(200)
			.withRequestRetryBackoffLimit(0)
			.build();
	}

	/**
	 * A mock API server in CRUD mode, over HTTP; the dispatcher holds the objects and can
	 * outlive it.
	 */
	static KubernetesMockServer crud(KubernetesCrudDispatcher dispatcher, int port) {
		KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				dispatcher, false);
		server.init(InetAddress.getLoopbackAddress(), port);
		return server;
	}

	static KubernetesMockServer crud() {
		return crud(new KubernetesCrudDispatcher(), 0);
	}

	SourceFixture start() {
		this.source.start();
		return this;
	}

	@Override
	public void close() {
		this.source.stop();
	}

}
