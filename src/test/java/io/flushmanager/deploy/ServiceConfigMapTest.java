package io.flushmanager.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.CompositePropertySource;
import org.springframework.core.env.PropertySource;

import io.flushmanager.FlushManagerApplication;
import io.flushmanager.config.FlushManagerProperties;
import io.flushmanager.demo.AtomicWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In a pod the service reads its own settings from the {@code flush-manager} ConfigMap through
 * spring-cloud-kubernetes-fabric8-config. Here an API server in CRUD mode holds that ConfigMap and the
 * real application starts against it.
 */
@EnableKubernetesMockClient(crud = true)
class ServiceConfigMapTest {

	private static final String NAMESPACE = "flush-manager-test";

	/** The client's system properties: read by fabric8 when spring-cloud-kubernetes builds its client. */
	private static final Map<String, String> CLIENT_PROPERTIES = new LinkedHashMap<>();

	static KubernetesMockServer server;

	static KubernetesClient client;

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		CLIENT_PROPERTIES.keySet().forEach(System::clearProperty);
	}

	@Test
	void settingsFromTheConfigMapOverrideThePackagedDefaults(@TempDir Path dir) throws Exception {
		Path conf = dir.resolve("conf");
		new AtomicWriter(conf).writeText(Map.of("exporter.conf", "A=1\n"));
		String configMapName = AppSettings.packaged().configMapName();
		client.configMaps()
			.inNamespace(NAMESPACE)
			.resource(new ConfigMapBuilder().withNewMetadata()
				.withName(configMapName)
				.endMetadata()
				.addToData("application.yaml", """
						flush-manager:
						  watch:
						    files: [%s]
						    poll-interval: 7s
						  child:
						    name: from-configmap
						    command: /bin/sh
						    args: ["-c", "exec sleep 600"]
						""".formatted(conf.resolve("exporter.conf")))
				.build())
			.create();

		// Before the context starts: spring.config.import is processed long before any test hook.
		CLIENT_PROPERTIES.put("kubernetes.master", server.url("/"));
		CLIENT_PROPERTIES.put("kubernetes.namespace", NAMESPACE);
		CLIENT_PROPERTIES.put("kubernetes.trust.certificates", "true");
		CLIENT_PROPERTIES.put("kubernetes.auth.tryKubeConfig", "false");
		CLIENT_PROPERTIES.put("kubernetes.auth.tryServiceAccount", "false");
		CLIENT_PROPERTIES.forEach(System::setProperty);

		// Outside a cluster spring-cloud-kubernetes stays off (no KUBERNETES_SERVICE_* variables);
		// naming the platform is what a pod's environment does for it.
		this.context = new SpringApplicationBuilder(FlushManagerApplication.class)
			.run("--spring.main.cloud-platform=kubernetes", "--server.port=0");

		FlushManagerProperties properties = this.context.getBean(FlushManagerProperties.class);
		assertThat(properties.watch().pollInterval()).isEqualTo(Duration.ofSeconds(7));
		assertThat(properties.child().displayName()).isEqualTo("from-configmap");
		// spring-cloud-kubernetes names each source after the ConfigMap and its namespace.
		PropertySource<?> configMaps = this.context.getEnvironment().getPropertySources().get("composite-configmap");
		assertThat(configMaps).isInstanceOf(CompositePropertySource.class);
		assertThat(((CompositePropertySource) configMaps).getPropertySources()).extracting(PropertySource::getName)
			.anySatisfy((name) -> assertThat(name).contains(configMapName).contains(NAMESPACE));

		assertThat(requests()).as("the service read ConfigMaps of its namespace from the API server")
			.contains("GET /api/v1/namespaces/" + NAMESPACE + "/configmaps");

		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(get(port, "/api/watch")).contains("\"pollInterval\":\"PT7S\""));
		assertThat(get(port, "/api/child")).contains("sleep");
	}

	/** Method and path (without query) of every request the API server received so far. */
	private static List<String> requests() throws InterruptedException {
		List<String> requests = new ArrayList<>();
		RecordedRequest request;
		while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
			requests.add(request.getMethod() + " " + request.getPath().replaceFirst("\\?.*", ""));
		}
		return requests;
	}

	private static String get(int port, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

}
