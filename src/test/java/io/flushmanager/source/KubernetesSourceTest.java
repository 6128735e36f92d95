package io.flushmanager.source;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapListBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.support.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API source against a mock API server, without the rest of the service: re-lists on
 * {@code 410 Gone}, an outage that keeps the files and resyncs after, many label-selected
 * objects, and an API that answers errors and garbage.
 */
class KubernetesSourceTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	private final List<AutoCloseable> closing = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		java.util.Collections.reverse(this.closing);
		for (AutoCloseable closeable : this.closing) {
			closeable.close();
		}
	}

	private KubernetesMockServer track(KubernetesMockServer server) {
		this.closing.add(server::destroy);
		return server;
	}

	private SourceFixture track(SourceFixture fixture) {
		this.closing.add(fixture);
		return fixture;
	}

	private KubernetesClient client(KubernetesMockServer server) {
		KubernetesClient client = SourceFixture.client(server.url("/"));
		this.closing.add(client);
		return client;
	}

	private static ConfigMap configMap(String name, String resourceVersion, String content) {
		return new ConfigMapBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(SourceFixture.NAMESPACE)
			.withResourceVersion(resourceVersion)
			.endMetadata()
			.withData(Map.of("app.conf", content))
			.build();
	}

	@Test
	void watchThatGets410GoneListsAgain() throws Exception {
		KubernetesMockServer server = track(new KubernetesMockServer(false));
		server.init();
		String list = "/api/v1/namespaces/test/configmaps?fieldSelector=metadata.name%3Dapp&resourceVersion=0";
		server.expect()
			.get()
			.withPath(list)
			.andReturn(200,
					new ConfigMapListBuilder().withNewMetadata()
						.withResourceVersion("1")
						.endMetadata()
						.withItems(configMap("app", "1", "v1"))
						.build())
			.once();
		server.expect()
			.get()
			.withPath(watchPath("1"))
			.andUpgradeToWebSocket()
			.open()
			.waitFor(300)
			.andEmit(gone())
			.done()
			.once();
		server.expect()
			.get()
			.withPath(list.replace("&resourceVersion=0", ""))
			.andReturn(200,
					new ConfigMapListBuilder().withNewMetadata()
						.withResourceVersion("5")
						.endMetadata()
						.withItems(configMap("app", "5", "v2"))
						.build())
			.always();
		server.expect().get().withPath(watchPath("5")).andUpgradeToWebSocket().open().done().always();

		SourceFixture fixture = track(
				SourceFixture.named(server.url("/"), this.dir, List.of("app"), List.of()).start());
		Path file = this.dir.resolve("configmap/app/app.conf");
		List<String> paths = new ArrayList<>();
		try {
			await().atMost(WAIT).untilAsserted(() -> assertThat(file).hasContent("v2"));
		}
		finally {
			RecordedRequest request;
			while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
				paths.add(request.getPath());
			}
			System.out.println("Requests: " + paths);
		}
		assertThat(fixture.objects.origin(file).resourceVersion()).isEqualTo("5");
		// list, watch (410), list again, watch from the new version.
		assertThat(paths).containsSubsequence(list, watchPath("1"), list.replace("&resourceVersion=0", ""),
				watchPath("5"));
	}

	private static String watchPath(String resourceVersion) {
		return "/api/v1/namespaces/test/configmaps?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dapp&resourceVersion="
				+ resourceVersion + "&timeoutSeconds=600&watch=true";
	}

	@Test
	void apiUnreachableKeepsTheFilesThenResyncs() throws Exception {
		KubernetesMockServer server = track(SourceFixture.crud());
		KubernetesClient before = client(server);
		before.configMaps().inNamespace("test").resource(configMap("app", null, "v1")).create();
		String watchedFrom = before.configMaps().inNamespace("test").list().getMetadata().getResourceVersion();
		TcpProxy proxy = new TcpProxy(server.getPort());
		this.closing.add(proxy);
		Path file = this.dir.resolve("configmap/app/app.conf");
		try (LogCapture log = LogCapture.of("io.flushmanager.source")) {
			SourceFixture fixture = track(
					SourceFixture.named(proxy.url(), this.dir, List.of("app"), List.of()).start());
			assertThat(file).hasContent("v1");
			await().atMost(WAIT).until(fixture.status::isWatching);

			proxy.cut();
			await().atMost(WAIT).until(() -> fixture.status.errors() >= 3 && !fixture.status.isWatching());
			assertThat(file).hasContent("v1");
			assertThat(fixture.objects.origin(file).syncState()).isEqualTo("STALE");
			assertThat(fixture.objects.entries()).singleElement()
				.extracting(SourceObjects.Entry::state)
				.isEqualTo(SourceObjects.SyncState.SYNCED);

			// Back, with the object changed meanwhile and the old version compacted away:
			// the resumed watch
			// gets 410 Gone and the informer lists again.
			Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
			KubernetesMockServer back = track(new KubernetesMockServer(new Context(), new MockWebServer(), responses,
					new KubernetesMixedDispatcher(responses), false));
			back.init();
			back.expect()
				.get()
				.withPath(watchPath(watchedFrom))
				.andUpgradeToWebSocket()
				.open()
				.immediately()
				.andEmit(gone())
				.done()
				.always();
			KubernetesClient after = client(back);
			for (int i = 0; i < 3; i++) {
				after.configMaps().inNamespace("test").resource(configMap("filler-" + i, null, "x")).create();
			}
			after.configMaps().inNamespace("test").resource(configMap("app", null, "v2")).create();
			proxy.restore(back.getPort());
			await().atMost(WAIT).untilAsserted(() -> assertThat(file).hasContent("v2"));
			await().atMost(WAIT).until(fixture.status::isWatching);
			assertThat(fixture.objects.origin(file).syncState()).isEqualTo("SYNCED");
			await().atMost(WAIT).until(() -> log.lines().stream().anyMatch((line) -> line.contains("watching again")));
			Files.writeString(Path.of("target", "source-resync.log"), String.join("\n", log.lines()) + "\n");
		}
	}

	private static io.fabric8.kubernetes.api.model.WatchEvent gone() {
		return new WatchEventBuilder().withType("ERROR")
			.withObject(new StatusBuilder().withCode(410)
				.withReason("Expired")
				.withMessage("too old resource version")
				.build())
			.build();
	}

	@Test
	void thousandLabelSelectedObjects() throws Exception {
		KubernetesMockServer server = track(SourceFixture.crud());
		KubernetesClient client = client(server);
		// Created from a few threads: one by one, the mock server alone takes ~15 s.
		java.util.concurrent.ExecutorService creators = java.util.concurrent.Executors.newFixedThreadPool(6);
		try {
			List<java.util.concurrent.Future<?>> created = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				int n = i;
				created.add(creators.submit(() -> client.configMaps()
					.inNamespace("test")
					.resource(new ConfigMapBuilder().withNewMetadata()
						.withName("cm-" + n)
						.withLabels(Map.of("app", "x"))
						.endMetadata()
						.withData(Map.of("k", "v" + n))
						.build())
					.create()));
			}
			for (java.util.concurrent.Future<?> future : created) {
				future.get();
			}
		}
		finally {
			creators.shutdown();
		}
		client.configMaps()
			.inNamespace("test")
			.resource(new ConfigMapBuilder().withNewMetadata()
				.withName("other")
				.withLabels(Map.of("app", "y"))
				.endMetadata()
				.withData(Map.of("k", "no"))
				.build())
			.create();
		long started = System.nanoTime();
		SourceFixture fixture = track(SourceFixture.selected(server.url("/"), this.dir, "app=x").start());
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		assertThat(fixture.objects.files()).hasSize(1000);
		assertThat(this.dir.resolve("configmap/cm-999/k")).hasContent("v999");
		assertThat(this.dir.resolve("configmap/other")).doesNotExist();
		System.out.println("1000 label-selected ConfigMaps synced in " + millis + " ms");
		// One appearing later is materialized too.
		client.configMaps()
			.inNamespace("test")
			.resource(new ConfigMapBuilder().withNewMetadata()
				.withName("late")
				.withLabels(Map.of("app", "x"))
				.endMetadata()
				.withData(Map.of("k", "late"))
				.build())
			.create();
		await().atMost(WAIT).untilAsserted(() -> assertThat(this.dir.resolve("configmap/late/k")).hasContent("late"));
		assertThat(fixture.objects.files()).hasSize(1001);
	}

	@Test
	void secretThroughErrorsAndGarbageIsWritten0400AndNeverLogged() throws Exception {
		String value = "pa55-" + System.nanoTime();
		String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
		KubernetesMockServer server = track(new KubernetesMockServer(false));
		server.init();
		String list = "/api/v1/namespaces/test/secrets?fieldSelector=metadata.name%3Ddb&resourceVersion=0";
		server.expect()
			.get()
			.withPath(list)
			.andReturn(500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"" + value + "\"}")
			.times(2);
		server.expect()
			.get()
			.withPath(list)
			.andReturn(200, "{\"kind\":\"SecretList\",\"items\":[{\"data\":{\"password\":\"" + value + encoded + "\"")
			.once();
		server.expect()
			.get()
			.withPath(list)
			.andReturn(200,
					"{\"kind\":\"SecretList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"3\"},\"items\":["
							+ new ObjectMapperHolder().json(new SecretBuilder().withNewMetadata()
								.withName("db")
								.withNamespace("test")
								.withResourceVersion("3")
								.endMetadata()
								.withData(Map.of("password", encoded))
								.build())
							+ "]}")
			.always();
		server.expect()
			.get()
			.withPath("/api/v1/namespaces/test/secrets?allowWatchBookmarks=true&fieldSelector=metadata.name%3Ddb"
					+ "&resourceVersion=3&timeoutSeconds=600&watch=true")
			.andUpgradeToWebSocket()
			.open()
			.done()
			.always();
		try (LogCapture log = LogCapture.of("ROOT")) {
			SourceFixture fixture = track(
					SourceFixture.named(server.url("/"), this.dir, List.of(), List.of("db")).start());
			Path file = this.dir.resolve("secret/db/password");
			await().atMost(WAIT).untilAsserted(() -> assertThat(file).hasContent(value));
			assertThat(fixture.status.errors()).isGreaterThanOrEqualTo(3);
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.toRealPath())))
				.isEqualTo("r--------");
			assertThat(log.lines()).isNotEmpty().noneMatch((line) -> line.contains(value) || line.contains(encoded));
			assertThat(fixture.status.lastError()).doesNotContain(value);
		}
	}

	/** Serializes a model object as the API server would. */
	private static final class ObjectMapperHolder {

		String json(Object object) {
			return io.fabric8.kubernetes.client.utils.Serialization.asJson(object);
		}

	}

}
