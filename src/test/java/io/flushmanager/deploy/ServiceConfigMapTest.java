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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.CompositePropertySource;
import org.springframework.core.env.PropertySource;

import io.flushmanager.FlushManagerApplication;
import io.flushmanager.config.FlushManagerProperties;
import io.flushmanager.fs.AtomicWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In a pod the service reads its own settings from the {@code flush-manager} ConfigMap
 * through spring-cloud-kubernetes-fabric8-config. Here an API server in CRUD mode holds
 * that ConfigMap and the real application starts against it; the running service then
 * also shows that the alerts and the dashboard in {@code k8s/} query series it really
 * exports.
 */
@EnableKubernetesMockClient(crud = true)
class ServiceConfigMapTest {

	private static final String NAMESPACE = "flush-manager-test";

	/**
	 * The client's system properties: read by fabric8 when spring-cloud-kubernetes builds
	 * its client.
	 */
	private static final Map<String, String> CLIENT_PROPERTIES = new LinkedHashMap<>();

	private static final Pattern METRIC = Pattern.compile("flush_manager_[a-z_]+");

	static KubernetesMockServer server;

	static KubernetesClient client;

	@TempDir
	static Path dir;

	private static ConfigurableApplicationContext context;

	private static List<String> requestsDuringStart;

	@BeforeAll
	static void start() throws Exception {
		Path conf = dir.resolve("conf");
		new AtomicWriter(conf).writeText(Map.of("exporter.conf", "A=1\n"));
		client.configMaps()
			.inNamespace(NAMESPACE)
			.resource(new ConfigMapBuilder().withNewMetadata()
				.withName(AppSettings.packaged().configMapName())
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
		requests();

		// Before the context starts: spring.config.import is processed long before any
		// test hook.
		CLIENT_PROPERTIES.put("kubernetes.master", server.url("/"));
		CLIENT_PROPERTIES.put("kubernetes.namespace", NAMESPACE);
		CLIENT_PROPERTIES.put("kubernetes.trust.certificates", "true");
		CLIENT_PROPERTIES.put("kubernetes.auth.tryKubeConfig", "false");
		CLIENT_PROPERTIES.put("kubernetes.auth.tryServiceAccount", "false");
		CLIENT_PROPERTIES.forEach(System::setProperty);

		// Outside a cluster spring-cloud-kubernetes stays off (no KUBERNETES_SERVICE_*
		// variables);
		// naming the platform is what a pod's environment does for it.
		context = new SpringApplicationBuilder(FlushManagerApplication.class)
			.run("--spring.main.cloud-platform=kubernetes", "--server.port=0");
		requestsDuringStart = requests();
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
		CLIENT_PROPERTIES.keySet().forEach(System::clearProperty);
	}

	@Test
	void settingsFromTheConfigMapOverrideThePackagedDefaults() throws Exception {
		assertThat(requestsDuringStart).as("the service read ConfigMaps of its namespace from the API server")
			.contains("GET /api/v1/namespaces/" + NAMESPACE + "/configmaps");

		FlushManagerProperties properties = context.getBean(FlushManagerProperties.class);
		assertThat(properties.watch().pollInterval()).isEqualTo(Duration.ofSeconds(7));
		assertThat(properties.child().displayName()).isEqualTo("from-configmap");
		// spring-cloud-kubernetes names each source after the ConfigMap and its
		// namespace.
		PropertySource<?> configMaps = context.getEnvironment().getPropertySources().get("composite-configmap");
		assertThat(configMaps).isInstanceOf(CompositePropertySource.class);
		assertThat(((CompositePropertySource) configMaps).getPropertySources()).extracting(PropertySource::getName)
			.anySatisfy(
					(name) -> assertThat(name).contains(AppSettings.packaged().configMapName()).contains(NAMESPACE));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(get("/api/watch")).contains("\"pollInterval\":\"PT7S\""));
		assertThat(get("/api/child")).contains("sleep 600");
	}

	@Test
	void alertsAndDashboardQuerySeriesTheServiceExports() throws Exception {
		Manifests manifests = Manifests.fromFiles();
		GenericKubernetesResource rule = (GenericKubernetesResource) manifests.ofKind("PrometheusRule").get(0);
		String rules = rule.getAdditionalProperties().get("spec").toString();
		String dashboard = manifests.ofType(ConfigMap.class)
			.stream()
			.filter((c) -> c.getMetadata().getLabels() != null
					&& c.getMetadata().getLabels().containsKey("grafana_dashboard"))
			.map((c) -> String.join("\n", c.getData().values()))
			.collect(Collectors.joining());

		String scrape = get(AppSettings.packaged().prometheusPath());
		Set<String> exported = METRIC.matcher(scrape).results().map((m) -> m.group()).collect(Collectors.toSet());
		Set<String> queried = METRIC.matcher(rules + dashboard)
			.results()
			.map((m) -> m.group())
			.collect(Collectors.toSet());
		assertThat(queried).isNotEmpty();
		assertThat(exported).as("series the service exports").containsAll(queried);
		// The label values the alerts select on, present from the start so that
		// increase() sees the first one.
		assertThat(scrape).contains("flush_manager_child_restarts_total{reason=\"crash\"}")
			.containsPattern("flush_manager_reloads_total\\{[^}]*result=\"reload_failed\"")
			.containsPattern("flush_manager_reloads_total\\{[^}]*result=\"validation_failed\"");
	}

	/**
	 * Method and path (without query) of every request the API server received since the
	 * last call.
	 */
	private static List<String> requests() throws InterruptedException {
		List<String> requests = new ArrayList<>();
		RecordedRequest request;
		while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
			requests.add(request.getMethod() + " " + request.getPath().replaceFirst("\\?.*", ""));
		}
		return requests;
	}

	private static String get(String path) throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
		return response.body();
	}

}
