package io.flushmanager.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * What must hold in {@code k8s/} for the example pod to work with the service as it is
 * built: probes on the application's own port and paths, the watched file where the
 * ConfigMap is mounted, a locked-down container, minimal RBAC, alerts on the metric names
 * of SPEC section 7.
 */
class ManifestsTest {

	private static Manifests manifests;

	private static AppSettings settings;

	@BeforeAll
	static void load() {
		manifests = Manifests.load();
		settings = AppSettings.of(serviceConfigMap().getData().get("application.yaml"));
	}

	private static ConfigMap serviceConfigMap() {
		return manifests.one(ConfigMap.class, AppSettings.packaged().configMapName());
	}

	private static PodSpec pod() {
		return manifests.deployment().getSpec().getTemplate().getSpec();
	}

	@Test
	void everyManifestFileIsListedAndParsesIntoTheTypedModel() throws IOException {
		Manifests files = Manifests.fromFiles();
		Set<String> listed = listedFiles(Manifests.K8S);
		// The API source variant and the collector DaemonSet are kustomizations of their
		// own.
		for (String variant : ManifestSchemaTest.VARIANTS) {
			listed.addAll(listedFiles(Manifests.K8S.resolve(variant)));
		}
		try (Stream<Path> tree = Files.walk(Manifests.K8S)) {
			List<String> yamlFiles = tree
				.filter((p) -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json"))
				.filter((p) -> !p.getFileName().toString().equals("kustomization.yaml"))
				.map(Path::toString)
				.toList();
			assertThat(listed).as("files under k8s/ that no kustomization.yaml lists are never applied")
				.containsAll(yamlFiles);
		}
		// Only the prometheus-operator kinds have no typed class in the core model.
		assertThat(files.all()).filteredOn(GenericKubernetesResource.class::isInstance)
			.extracting(HasMetadata::getKind)
			.containsOnly("PodMonitor", "PrometheusRule");
		assertThat(files.all()).extracting(HasMetadata::getKind)
			.contains("Deployment", "ServiceAccount", "Role", "RoleBinding", "ConfigMap", "PodMonitor",
					"PrometheusRule", "NetworkPolicy", "Secret");
	}

	@Test
	void kustomizeRendersTheSameObjectsAsTheFiles() {
		var rendered = Manifests.kubectlKustomize();
		assumeThat(rendered).as("kubectl on PATH").isPresent();
		assertThat(names(rendered.get().all())).containsExactlyInAnyOrderElementsOf(names(Manifests.fromFiles().all()));
		assertThat(rendered.get().all()).allSatisfy(
				(o) -> assertThat(o.getMetadata().getNamespace()).as("namespace of %s", o.getKind()).isNotBlank());
	}

	@Test
	void probesUseTheApplicationsPortAndHealthGroups() {
		Container sidecar = manifests.sidecar();
		// On server.port (SPEC section 14): /livez and /readyz are the health groups'
		// additional paths there.
		assertThat(httpGet(sidecar.getLivenessProbe()).getPath()).isEqualTo(settings.probePath("liveness"));
		assertThat(httpGet(sidecar.getReadinessProbe()).getPath()).isEqualTo(settings.probePath("readiness"));
		// A startup probe on readiness would also wait for the child; liveness means "the
		// service is up".
		assertThat(httpGet(sidecar.getStartupProbe()).getPath()).isEqualTo(settings.probePath("liveness"));
		for (Probe probe : List.of(sidecar.getLivenessProbe(), sidecar.getReadinessProbe(),
				sidecar.getStartupProbe())) {
			assertThat(containerPort(sidecar, httpGet(probe).getPort())).isEqualTo(settings.serverPort());
		}
	}

	@Test
	void actuatorHasItsOwnPortSoThatTheScrapeCanBeAdmittedAlone() {
		assertThat(settings.actuatorPort()).isNotEqualTo(settings.serverPort());
		assertThat(manifests.sidecar().getPorts()).extracting(ContainerPort::getContainerPort)
			.contains(settings.actuatorPort(), settings.serverPort());
	}

	@Test
	void networkPolicyAdmitsOnlyTheScrapeFromMonitoringAndKeepsTheApiPortClosed() {
		NetworkPolicy policy = manifests.ofType(NetworkPolicy.class)
			.stream()
			.findFirst()
			.orElseGet(() -> fail("no NetworkPolicy"));
		Map<String, String> podLabels = manifests.deployment().getSpec().getTemplate().getMetadata().getLabels();
		assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
		assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
		List<Integer> admittedFromAnywhere = new ArrayList<>();
		for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
			assertThat(rule.getPorts()).as("a rule without ports opens every port").isNotEmpty();
			List<Integer> ports = rule.getPorts().stream().map((p) -> podPort(p.getPort())).toList();
			if (ports.contains(settings.actuatorPort())) {
				assertThat(rule.getFrom()).as("who may reach the management port").isNotEmpty().allSatisfy((peer) -> {
					assertThat(peer.getIpBlock()).isNull();
					assertThat(peer.getNamespaceSelector().getMatchLabels())
						.containsEntry("kubernetes.io/metadata.name", "monitoring");
				});
			}
			if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
				admittedFromAnywhere.addAll(ports);
			}
			assertThat(ports)
				.as("/api and the probes' port is reached by no other pod (kubelet probes come from the node)")
				.doesNotContain(settings.serverPort());
		}
		assertThat(admittedFromAnywhere).as("only Redis itself is open to every pod")
			.containsExactly(containerPort(manifests.redis(), new IntOrString("redis")));
		// The scrape target is a port the policy admits.
		GenericKubernetesResource podMonitor = (GenericKubernetesResource) manifests.ofKind("PodMonitor").get(0);
		List<Map<String, Object>> endpoints = podMonitor.get("spec", "podMetricsEndpoints");
		assertThat(endpoints)
			.allSatisfy((e) -> assertThat(containerPortAnywhere(new IntOrString((String) e.get("port"))))
				.isNotEqualTo(settings.serverPort()));
	}

	@Test
	void theTokenComesFromASecretThatIsShipped() {
		EnvVar token = manifests.sidecar()
			.getEnv()
			.stream()
			.filter((e) -> "FLUSH_MANAGER_SECURITY_TOKEN".equals(e.getName()))
			.findFirst()
			.orElseGet(() -> fail("FLUSH_MANAGER_SECURITY_TOKEN not set"));
		assertThat(token.getValue()).as("never inline").isNull();
		SecretKeySelector ref = token.getValueFrom().getSecretKeyRef();
		Secret secret = manifests.one(Secret.class, ref.getName());
		Map<String, String> data = new java.util.HashMap<>();
		if (secret.getStringData() != null) {
			data.putAll(secret.getStringData());
		}
		if (secret.getData() != null) {
			data.putAll(secret.getData());
		}
		assertThat(data).containsKey(ref.getKey());
		assertThat(ref.getOptional()).as("a missing Secret must stop the pod, not open the API")
			.isNotEqualTo(Boolean.TRUE);
	}

	@Test
	void monitoringObjectsAreLabelledForADefaultKubePrometheusStack() {
		for (String kind : List.of("PodMonitor", "PrometheusRule")) {
			assertThat(manifests.ofKind(kind)).as(kind)
				.isNotEmpty()
				.allSatisfy((o) -> assertThat(o.getMetadata().getLabels()).as("labels of %s", kind)
					.containsEntry("release", "kube-prometheus-stack"));
		}
		assertThat(manifests.ofType(ConfigMap.class))
			.filteredOn((c) -> c.getData().keySet().stream().anyMatch((k) -> k.endsWith(".json")))
			.isNotEmpty()
			.allSatisfy((c) -> assertThat(c.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1"));
	}

	@Test
	void jnaNeedsNoWritableDirectoryUnderTheReadOnlyRoot() {
		assertThat(manifests.sidecar().getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		String jvmArgs = AppSettings.read(Path.of("image/jvm.args"));
		assertThat(jvmArgs).contains("-Djna.nounpack=true", "-Djna.boot.library.path=/app/native");
		assertThat(AppSettings.read(Path.of("Dockerfile"))).contains("/app/native");
	}

	@Test
	void readinessToleratesOneConfigReload() {
		// An unready sidecar takes the whole pod, Redis included, out of its Service.
		Probe readiness = manifests.sidecar().getReadinessProbe();
		Duration tolerated = Duration.ofSeconds((long) readiness.getPeriodSeconds() * readiness.getFailureThreshold());
		assertThat(tolerated).isGreaterThan(settings.stopTimeout().plus(settings.startGrace()));
	}

	@Test
	void everyContainerHasRequestsAndMemoryLimits() {
		assertThat(pod().getContainers()).allSatisfy((c) -> {
			assertThat(c.getResources().getRequests()).as(c.getName()).containsKeys("cpu", "memory");
			assertThat(c.getResources().getLimits()).as(c.getName()).containsKey("memory");
		});
		assertThat(manifests.sidecar().getResources().getLimits()).containsKeys("cpu", "memory");
	}

	@Test
	void containersAreLockedDown() {
		PodSecurityContext podContext = pod().getSecurityContext();
		assertThat(pod().getContainers()).allSatisfy((c) -> {
			SecurityContext sc = Objects.requireNonNull(c.getSecurityContext(), c.getName());
			assertThat(Boolean.TRUE.equals(sc.getRunAsNonRoot()) || Boolean.TRUE.equals(podContext.getRunAsNonRoot()))
				.as("%s runAsNonRoot", c.getName())
				.isTrue();
			assertThat(sc.getRunAsUser()).as("%s runAsUser", c.getName()).isNotNull().isPositive();
			assertThat(sc.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", c.getName()).isTrue();
			assertThat(sc.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", c.getName()).isFalse();
			assertThat(sc.getPrivileged()).as("%s privileged", c.getName()).isNotEqualTo(Boolean.TRUE);
			assertThat(sc.getCapabilities().getDrop()).as("%s drops", c.getName()).contains("ALL");
			assertThat(sc.getCapabilities().getAdd()).as("%s adds", c.getName()).isNullOrEmpty();
			String seccomp = (sc.getSeccompProfile() != null) ? sc.getSeccompProfile().getType()
					: podContext.getSeccompProfile().getType();
			assertThat(seccomp).as("%s seccomp", c.getName()).isEqualTo("RuntimeDefault");
		});
		assertThat(pod().getHostNetwork()).isNotEqualTo(Boolean.TRUE);
		assertThat(pod().getHostPID()).isNotEqualTo(Boolean.TRUE);
	}

	@Test
	void sidecarRunsAsTheImagesUserWithAWritableTmp() {
		Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)").matcher(AppSettings.read(Path.of("Dockerfile")));
		assertThat(user.find()).as("numeric USER in Dockerfile").isTrue();
		assertThat(manifests.sidecar().getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user.group(1)));
		VolumeMount tmp = mount(manifests.sidecar(), "/tmp");
		assertThat(tmp.getReadOnly()).isNotEqualTo(Boolean.TRUE);
		assertThat(volume(tmp.getName()).getEmptyDir()).as("/tmp is an emptyDir").isNotNull();
	}

	@Test
	void watchedFilesAreKeysOfAConfigMapMountedAsADirectory() {
		List<String> files = settings.watchFiles();
		assertThat(files).isNotEmpty();
		for (String file : files) {
			Path path = Path.of(file);
			VolumeMount mount = mount(manifests.sidecar(), path.getParent().toString());
			assertThat(mount.getSubPath()).as("subPath mounts are never updated by kubelet").isNullOrEmpty();
			Volume volume = volume(mount.getName());
			assertThat(volume.getConfigMap()).as("volume %s is a ConfigMap", volume.getName()).isNotNull();
			assertThat(volume.getConfigMap().getItems()).as("items would rename or hide keys").isNullOrEmpty();
			ConfigMap configMap = manifests.one(ConfigMap.class, volume.getConfigMap().getName());
			assertThat(configMap.getData()).as("keys of ConfigMap %s", configMap.getMetadata().getName())
				.containsKey(path.getFileName().toString());
			assertThat(configMap.getImmutable()).as("an immutable ConfigMap never changes").isNotEqualTo(Boolean.TRUE);
		}
	}

	@Test
	void serviceConfigMapOnlyUsesPropertiesTheServiceKnowsAndBindsThem() throws IOException {
		// Spring ignores unknown keys, so a typo ("poll-intervall") would silently keep
		// the default.
		JsonNode metadata;
		try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("configuration metadata (spring-boot-configuration-processor)").isNotNull();
			metadata = new ObjectMapper().readTree(in);
		}
		Set<String> known = new java.util.HashSet<>();
		metadata.path("properties").forEach((p) -> known.add(p.path("name").asText()));
		Map<String, Object> yaml = Manifests.yaml(serviceConfigMap().getData().get("application.yaml"));
		List<String> keys = new ArrayList<>();
		flatten("", yaml, keys);
		assertThat(keys).filteredOn((k) -> k.startsWith("flush-manager."))
			.isNotEmpty()
			.allSatisfy((k) -> assertThat(known).as("known property for %s", k)
				.anySatisfy((name) -> assertThat(k.equals(name) || k.startsWith(name + ".")).isTrue()));
		// And the values convert: enums, durations, lists.
		assertThat(settings.properties().child().restartPolicy()).isNotNull();
		assertThat(settings.properties().reload().validateCommand()).isNotEmpty();
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Map<String, Object> map, List<String> keys) {
		map.forEach((key, value) -> {
			String name = prefix.isEmpty() ? key : prefix + "." + key;
			if (value instanceof Map<?, ?> nested) {
				flatten(name, (Map<String, Object>) nested, keys);
			}
			else {
				keys.add(name);
			}
		});
	}

	@Test
	void serviceSettingsComeFromTheConfigMapTheApplicationReads() {
		assertThat(settings.failFast()).as("fail-fast=true silently disables event-based reload").isFalse();
		assertThat(pod().getServiceAccountName()).isNotBlank();
		assertThat(pod().getAutomountServiceAccountToken()).as("the API client needs the token")
			.isNotEqualTo(Boolean.FALSE);
		// The child command is what the exporter image provides; a typo would only show
		// in the pod.
		assertThat(settings.watchFiles()).allSatisfy((f) -> assertThat(f).startsWith("/"));
	}

	@Test
	void rbacReadsConfigMapsAndCreatesEventsInItsOwnNamespaceOnly() {
		assertThat(manifests.ofKind("ClusterRole")).isEmpty();
		assertThat(manifests.ofKind("ClusterRoleBinding")).isEmpty();
		List<Role> roles = manifests.ofType(Role.class);
		assertThat(roles).hasSize(1);
		List<PolicyRule> rules = roles.get(0).getRules();
		assertThat(rules).hasSize(2);
		// Events on its own pod (config rejected, rolled back): create only.
		assertThat(rules.get(1).getResources()).containsExactly("events");
		assertThat(rules.get(1).getVerbs()).containsExactly("create");
		PolicyRule rule = rules.get(0);
		assertThat(rule.getApiGroups()).containsExactly("");
		assertThat(rule.getResources()).containsExactly("configmaps");
		// list is what spring-cloud-kubernetes uses (read-type BATCH); nothing that
		// writes.
		assertThat(rule.getVerbs()).contains("list").isSubsetOf("get", "list", "watch");
		assertThat(rule.getNonResourceURLs()).isNullOrEmpty();

		RoleBinding binding = manifests.ofType(RoleBinding.class).get(0);
		assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
		assertThat(binding.getRoleRef().getName()).isEqualTo(roles.get(0).getMetadata().getName());
		String account = pod().getServiceAccountName();
		manifests.one(ServiceAccount.class, account);
		assertThat(binding.getSubjects()).singleElement().satisfies((s) -> {
			assertThat(s.getKind()).isEqualTo("ServiceAccount");
			assertThat(s.getName()).isEqualTo(account);
		});
	}

	@Test
	void terminationGraceCoversTheChildStopAndTheDrain() {
		Duration grace = Duration.ofSeconds(pod().getTerminationGracePeriodSeconds());
		Duration phase = settings.shutdownPhase();
		// The child's phase must hold stop-timeout plus the SIGKILL step
		// (ChildConfiguration warns otherwise).
		assertThat(phase).isGreaterThanOrEqualTo(settings.stopTimeout().plusSeconds(5));
		// The HTTP drain (one phase at most), then stop-timeout, then SIGKILL, reaping
		// and exit: the
		// arithmetic written next to terminationGracePeriodSeconds.
		assertThat(grace).isGreaterThanOrEqualTo(phase.plus(settings.stopTimeout()).plusSeconds(1));
		assertThat(AppSettings.read(Manifests.K8S.resolve("deployment.yaml"))).contains("= " + grace.toSeconds() + " s",
				"timeout-per-shutdown-phase = " + phase.toSeconds() + "s");
	}

	@Test
	void podMonitorScrapesTheActuatorEndpointOnANamedPort() {
		GenericKubernetesResource podMonitor = (GenericKubernetesResource) manifests.ofKind("PodMonitor").get(0);
		Map<String, String> selector = podMonitor.get("spec", "selector", "matchLabels");
		assertThat(manifests.deployment().getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(selector);
		List<Map<String, Object>> endpoints = podMonitor.get("spec", "podMetricsEndpoints");
		assertThat(endpoints).anySatisfy((e) -> {
			assertThat(e).containsEntry("path", settings.prometheusPath());
			assertThat(containerPort(manifests.sidecar(), new IntOrString((String) e.get("port"))))
				.isEqualTo(settings.actuatorPort());
		});
	}

	@Test
	void alertsCoverCrashLoopsReloadFailuresWatchErrorsAndLostEvents() {
		GenericKubernetesResource rule = (GenericKubernetesResource) manifests.ofKind("PrometheusRule").get(0);
		List<Map<String, Object>> groups = rule.get("spec", "groups");
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> group : groups) {
			for (Object r : (List<?>) group.get("rules")) {
				@SuppressWarnings("unchecked")
				Map<String, Object> alert = (Map<String, Object>) r;
				assertThat(alert.get("alert")).as("every rule is an alert").isNotNull();
				assertThat(alert).extractingByKey("annotations")
					.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
					.containsKeys("summary", "description");
				expressions.add((String) alert.get("expr"));
			}
		}
		assertThat(expressions)
			.anySatisfy((e) -> assertThat(e).contains("flush_manager_child_restarts_total{reason=\"crash\"}"))
			.anySatisfy((e) -> assertThat(e).containsPattern("flush_manager_reload_last_success\\)? == 0"))
			.anySatisfy((e) -> assertThat(e).containsPattern("flush_manager_config_in_sync\\)? == 0"))
			.anySatisfy((e) -> assertThat(e).contains("flush_manager_watch_errors_total"))
			.anySatisfy((e) -> assertThat(e).containsPattern("flush_manager_watch_native_events\\)? == 0"));
	}

	@Test
	void dashboardIsValidJsonOnTheSameMetrics() throws IOException {
		ConfigMap dashboard = manifests.ofType(ConfigMap.class)
			.stream()
			.filter((c) -> c.getMetadata().getLabels() != null
					&& c.getMetadata().getLabels().containsKey("grafana_dashboard"))
			.findFirst()
			.orElseGet(() -> fail("no ConfigMap labelled grafana_dashboard"));
		JsonNode json = new ObjectMapper().readTree(dashboard.getData().values().iterator().next());
		assertThat(json.path("uid").asText()).isNotBlank();
		List<String> exprs = json.findValues("expr").stream().map(JsonNode::asText).toList();
		assertThat(exprs).isNotEmpty();
		Set<String> metrics = exprs.stream()
			.flatMap((e) -> Pattern.compile("flush_manager_[a-z_]+").matcher(e).results().map((m) -> m.group()))
			.collect(Collectors.toSet());
		assertThat(metrics).contains("flush_manager_child_up", "flush_manager_child_restarts_total",
				"flush_manager_reloads_total", "flush_manager_watch_errors_total", "flush_manager_watch_native_events");
	}

	private static Set<String> listedFiles(Path dir) {
		Map<String, Object> kustomization = Manifests.yaml(dir.resolve("kustomization.yaml"));
		Set<String> listed = new java.util.HashSet<>();
		for (Object resource : (List<?>) kustomization.getOrDefault("resources", List.of())) {
			Path path = dir.resolve((String) resource);
			if (Files.isDirectory(path)) {
				listed.addAll(listedFiles(path));
			}
			else {
				listed.add(path.toString());
			}
		}
		for (Object generator : (List<?>) kustomization.getOrDefault("configMapGenerator", List.of())) {
			for (Object file : (List<?>) ((Map<?, ?>) generator).get("files")) {
				listed.add(dir.resolve((String) file).toString());
			}
		}
		return listed;
	}

	private static List<String> names(List<HasMetadata> objects) {
		return objects.stream().map((o) -> o.getKind() + "/" + o.getMetadata().getName()).toList();
	}

	private static HTTPGetAction httpGet(Probe probe) {
		assertThat(probe).isNotNull();
		assertThat(probe.getHttpGet()).as("an httpGet probe").isNotNull();
		return probe.getHttpGet();
	}

	private static int containerPort(Container container, IntOrString port) {
		if (port.getIntVal() != null) {
			return port.getIntVal();
		}
		return container.getPorts()
			.stream()
			.filter((p) -> port.getStrVal().equals(p.getName()))
			.map(ContainerPort::getContainerPort)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no port named " + port.getStrVal() + " on " + container.getName()));
	}

	private int podPort(IntOrString port) {
		return containerPortAnywhere(port);
	}

	private static int containerPortAnywhere(IntOrString port) {
		if (port.getIntVal() != null) {
			return port.getIntVal();
		}
		return pod().getContainers()
			.stream()
			.flatMap((c) -> c.getPorts().stream())
			.filter((p) -> port.getStrVal().equals(p.getName()))
			.map(ContainerPort::getContainerPort)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
	}

	private static VolumeMount mount(Container container, String mountPath) {
		return container.getVolumeMounts()
			.stream()
			.filter((m) -> mountPath.equals(m.getMountPath()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("nothing mounted at " + mountPath + " in " + container.getName()));
	}

	private static Volume volume(String name) {
		return pod().getVolumes()
			.stream()
			.filter((v) -> name.equals(v.getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume " + name));
	}

}
