package io.flushmanager.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.flushmanager.support.RecordingChild;
import io.flushmanager.support.RunningService;
import io.flushmanager.support.ServiceProcess;
import io.flushmanager.watch.ChangeAction;
import io.flushmanager.watch.ChangeHistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service with the API source against a mock API server in CRUD mode, a real
 * child and real files: what an operator sees when a ConfigMap or Secret changes in the
 * API.
 */
class ApiSourceServiceTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	/**
	 * How fabric8 finds the mock: read when the source builds its client from the
	 * standard configuration.
	 */
	private static final Map<String, String> CLIENT = Map.of("kubernetes.namespace", "test",
			"kubernetes.auth.tryKubeConfig", "false", "kubernetes.auth.tryServiceAccount", "false",
			"kubernetes.watch.reconnectInterval", "200");

	@TempDir
	Path dir;

	private KubernetesMockServer server;

	private KubernetesClient api;

	@BeforeEach
	void startApi() {
		this.server = SourceFixture.crud();
		this.api = SourceFixture.client(this.server.url("/"));
		CLIENT.forEach(System::setProperty);
		System.setProperty("kubernetes.master", this.server.url("/"));
	}

	@AfterEach
	void stopApi() {
		CLIENT.keySet().forEach(System::clearProperty);
		System.clearProperty("kubernetes.master");
		this.api.close();
		this.server.destroy();
	}

	private void configMap(String name, Map<String, String> labels, Map<String, String> data) {
		this.api.configMaps()
			.inNamespace("test")
			.resource(new ConfigMapBuilder().withNewMetadata()
				.withName(name)
				.withLabels(labels)
				.endMetadata()
				.withData(data)
				.build())
			.createOr((op) -> op.update());
	}

	private RunningService start(RecordingChild child, Path conf, String... source) {
		List<String> args = new java.util.ArrayList<>(List.of("--flush-manager.child.command=sh",
				"--flush-manager.child.args=" + child.script() + "," + conf + "," + child.record(),
				"--flush-manager.source.kubernetes.enabled=true",
				"--flush-manager.source.kubernetes.dir=" + this.dir.resolve("api")));
		args.addAll(List.of(source));
		return RunningService.start(args);
	}

	@Test
	void namedConfigMapCreateUpdateMetadataOnlyDeleteAndReCreate() throws Exception {
		configMap("app", Map.of(), Map.of("app.conf", "v1", "other.conf", "o1"));
		RecordingChild child = RecordingChild.in(this.dir);
		Path conf = this.dir.resolve("api/configmap/app/app.conf");
		try (RunningService service = start(child, conf, "--flush-manager.source.kubernetes.config-maps=app",
				"--flush-manager.source.kubernetes.deletion-grace=2s")) {
			// The child starts on the synced content: the source syncs before the watcher
			// and the child.
			await().atMost(WAIT).until(() -> child.last().isPresent());
			assertThat(child.entries()).singleElement().extracting(RecordingChild.Entry::config).isEqualTo("v1");

			JsonNode watch = service.api().get("/api/watch").json();
			JsonNode file = fileView(watch, conf);
			assertThat(file.get("origin").get("kind").asString()).isEqualTo("ConfigMap");
			assertThat(file.get("origin").get("name").asString()).isEqualTo("app");
			assertThat(file.get("origin").get("syncState").asString()).isEqualTo("SYNCED");
			assertThat(file.get("configMapLayout").asBoolean()).isTrue();

			this.api.configMaps().inNamespace("test").withName("app").edit((cm) -> {
				cm.getData().put("app.conf", "v2");
				return cm;
			});
			await().atMost(WAIT).until(() -> child.entries().size() == 2);
			assertThat(child.last().orElseThrow().config()).isEqualTo("v2");

			// A new version whose files hold the same bytes (a label edit): nothing
			// restarts.
			String before = fileView(service.api().get("/api/watch").json(), conf).get("origin")
				.get("resourceVersion")
				.asString();
			this.api.configMaps().inNamespace("test").withName("app").edit((cm) -> {
				cm.getMetadata().setLabels(Map.of("touched", "yes"));
				return cm;
			});
			await().atMost(WAIT)
				.until(() -> !before.equals(fileView(service.api().get("/api/watch").json(), conf).get("origin")
					.get("resourceVersion")
					.asString()));

			// Deleted and re-created within the grace: the files never go, the child is
			// not disturbed.
			this.api.configMaps().inNamespace("test").withName("app").delete();
			await().atMost(WAIT)
				.until(() -> "DELETION_PENDING"
					.equals(fileView(service.api().get("/api/watch").json(), conf).get("origin")
						.get("syncState")
						.asString()));
			assertThat(conf).hasContent("v2");
			configMap("app", Map.of(), Map.of("app.conf", "v2", "other.conf", "o1"));
			await().atMost(WAIT)
				.until(() -> "SYNCED".equals(fileView(service.api().get("/api/watch").json(), conf).get("origin")
					.get("syncState")
					.asString()));
			// Nothing changes for a while: the edit of another key restarts nothing.
			await().during(Duration.ofMillis(2500)).atMost(WAIT).until(() -> child.entries().size() == 2);
			assertThat(conf).hasContent("v2");
			assertThat(child.entries()).hasSize(2);
			assertThat(service.bean(ChangeHistory.class).entries(conf))
				.noneMatch((e) -> e.action() == ChangeAction.PENDING);

			// Deleted for longer than the grace: its directory goes, and so does its
			// watch.
			this.api.configMaps().inNamespace("test").withName("app").delete();
			await().atMost(WAIT).untilAsserted(() -> assertThat(this.dir.resolve("api/configmap/app")).doesNotExist());
			await().atMost(WAIT).until(() -> fileView(service.api().get("/api/watch").json(), conf) == null);

			String health = service.api().get("/actuator/health").body();
			assertThat(health).contains("\"source\"").contains("\"syncErrors\"");
			String metrics = service.api().get("/actuator/prometheus").body();
			assertThat(metrics).contains("flush_manager_source_sync_errors_total",
					"flush_manager_source_last_sync_timestamp_seconds", "flush_manager_source_objects_watched");
		}
	}

	@Test
	void labelSelectedObjectAppearingLaterIsWatchedAndReloads() throws Exception {
		configMap("first", Map.of("app", "x"), Map.of("app.conf", "v1"));
		RecordingChild child = RecordingChild.in(this.dir);
		Path conf = this.dir.resolve("api/configmap/first/app.conf");
		try (RunningService service = start(child, conf, "--flush-manager.source.kubernetes.label-selector=app=x")) {
			await().atMost(WAIT).until(() -> child.last().isPresent());
			configMap("later", Map.of("app", "x"), Map.of("extra.conf", "e1"));
			Path later = this.dir.resolve("api/configmap/later/extra.conf");
			await().atMost(WAIT).untilAsserted(() -> assertThat(later).hasContent("e1"));
			// Its appearance is a change like a watched file that appears: the child
			// restarts.
			await().atMost(WAIT).until(() -> child.entries().size() == 2);
			assertThat(fileView(service.api().get("/api/watch").json(), later).get("origin").get("name").asString())
				.isEqualTo("later");
			this.api.configMaps().inNamespace("test").withName("later").edit((cm) -> {
				cm.getData().put("extra.conf", "e2");
				return cm;
			});
			await().atMost(WAIT).until(() -> child.entries().size() == 3);
		}
	}

	@Test
	void subPathStyleMountNeverChangesOnlyTheApiSourceSeesTheUpdate() throws Exception {
		// What a subPath mount gives: a plain file, copied once at pod start, never
		// updated by the kubelet.
		Path subPath = Files.writeString(this.dir.resolve("exporter.conf"), "v1");
		configMap("exporter", Map.of(), Map.of("exporter.conf", "v1"));
		String secret = "hunter2-" + System.nanoTime();
		this.api.secrets()
			.inNamespace("test")
			.resource(new SecretBuilder().withNewMetadata()
				.withName("db")
				.endMetadata()
				.withStringData(Map.of("password", secret))
				.build())
			.create();
		RecordingChild child = RecordingChild.in(this.dir);
		Path conf = this.dir.resolve("api/configmap/exporter/exporter.conf");
		List<String> jvm = new java.util.ArrayList<>(
				List.of("-XX:TieredStopAtLevel=1", "-Dkubernetes.master=" + this.server.url("/")));
		CLIENT.forEach((key, value) -> jvm.add("-D" + key + "=" + value));
		Path log = this.dir.resolve("service.log");
		// In its own JVM, so that every line it logs, start-up included, is in one file.
		try (ServiceProcess service = ServiceProcess.start(log, jvm, List.of("--flush-manager.child.command=sh",
				"--flush-manager.child.args=" + child.script() + "," + conf + "," + child.record(),
				"--flush-manager.watch.debounce=100ms", "--flush-manager.child.start-grace=200ms",
				"--flush-manager.source.kubernetes.enabled=true",
				"--flush-manager.source.kubernetes.dir=" + this.dir.resolve("api"),
				"--flush-manager.watch.files=" + subPath, "--flush-manager.source.kubernetes.config-maps=exporter",
				"--flush-manager.source.kubernetes.secrets=db"))) {
			service.awaitReady(WAIT);
			assertThat(child.entries()).singleElement().extracting(RecordingChild.Entry::config).isEqualTo("v1");
			assertThat(service.log()).contains("Kubernetes never updates it");
			this.api.configMaps().inNamespace("test").withName("exporter").edit((cm) -> {
				cm.getData().put("exporter.conf", "v2");
				return cm;
			});
			await().atMost(WAIT).until(() -> child.entries().size() == 2);
			assertThat(child.last().orElseThrow().config()).isEqualTo("v2");
			assertThat(subPath).hasContent("v1");

			Path password = this.dir.resolve("api/secret/db/password");
			assertThat(password).hasContent(secret);
			assertThat(java.nio.file.attribute.PosixFilePermissions
				.toString(Files.getPosixFilePermissions(password.toRealPath()))).isEqualTo("r--------");
			this.api.secrets().inNamespace("test").withName("db").edit((s) -> {
				s.setStringData(Map.of("password", secret + "-rotated"));
				return s;
			});
			await().atMost(WAIT).untilAsserted(() -> assertThat(password).hasContent(secret + "-rotated"));
			assertThat(service.api().get("/api/watch").body()).doesNotContain(secret).contains("\"Secret\"");
			assertThat(service.api().get("/actuator/health").body()).doesNotContain(secret);
			assertThat(service.log()).contains("Updated Secret test/db").doesNotContain(secret);
		}
	}

	private static JsonNode fileView(JsonNode watch, Path path) {
		for (JsonNode file : watch.get("files")) {
			if (file.get("path").asString().equals(path.toString())) {
				return file;
			}
		}
		return null;
	}

}
