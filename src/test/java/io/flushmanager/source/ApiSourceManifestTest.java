package io.flushmanager.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code k8s/api-source/}, rendered by {@code kubectl kustomize}: RBAC limited by
 * {@code resourceNames} to the objects the service is told to watch, the materialized
 * directory in memory, a native sidecar.
 */
class ApiSourceManifestTest {

	private static List<HasMetadata> objects;

	@BeforeAll
	static void render() throws IOException, InterruptedException {
		assumeThat(Path.of("/usr/bin/kubectl")).as("kubectl").exists();
		Process process = new ProcessBuilder("kubectl", "kustomize", "k8s/api-source")
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		byte[] out = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
		Object parsed = new KubernetesSerialization().unmarshal(new ByteArrayInputStream(out));
		// Several documents parse into a list.
		objects = (parsed instanceof KubernetesList list) ? list.getItems() : (parsed instanceof List<?> many)
				? many.stream().map(HasMetadata.class::cast).toList() : List.of((HasMetadata) parsed);
	}

	private static <T> T one(Class<T> type) {
		return objects.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
	}

	private static Map<String, String> env(Container container) {
		return container.getEnv()
			.stream()
			.collect(java.util.stream.Collectors.toMap(EnvVar::getName,
					(e) -> (e.getValue() != null) ? e.getValue() : "(from " + e.getValueFrom() + ")"));
	}

	@Test
	void rbacIsLimitedToTheNamedObjects() {
		Container sidecar = one(Deployment.class).getSpec().getTemplate().getSpec().getInitContainers().get(0);
		Map<String, String> env = env(sidecar);
		List<PolicyRule> rules = one(Role.class).getRules();
		assertThat(rules).hasSize(2).allSatisfy((rule) -> {
			assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
			assertThat(rule.getResourceNames()).hasSize(1);
		});
		assertThat(rules).filteredOn((rule) -> rule.getResources().contains("configmaps"))
			.singleElement()
			.satisfies((rule) -> assertThat(rule.getResourceNames())
				.containsExactly(env.get("FLUSH_MANAGER_SOURCE_KUBERNETES_CONFIG_MAPS")));
		assertThat(rules).filteredOn((rule) -> rule.getResources().contains("secrets"))
			.singleElement()
			.satisfies((rule) -> assertThat(rule.getResourceNames())
				.containsExactly(env.get("FLUSH_MANAGER_SOURCE_KUBERNETES_SECRETS")));
		assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("ClusterRole", "ClusterRoleBinding");
	}

	@Test
	void nativeSidecarWithTheMaterializedDirectoryInMemory() {
		PodSpec pod = one(Deployment.class).getSpec().getTemplate().getSpec();
		Container sidecar = pod.getInitContainers().get(0);
		assertThat(sidecar.getRestartPolicy()).isEqualTo("Always");
		Map<String, String> env = env(sidecar);
		assertThat(env).containsEntry("FLUSH_MANAGER_SOURCE_KUBERNETES_ENABLED", "true")
			.containsEntry("SPRING_CLOUD_KUBERNETES_CONFIG_ENABLED", "false")
			.doesNotContainKey("KUBERNETES_AUTH_TOKEN");
		String dir = env.get("FLUSH_MANAGER_SOURCE_KUBERNETES_DIR");
		String volume = sidecar.getVolumeMounts()
			.stream()
			.filter((m) -> m.getMountPath().equals(dir))
			.findFirst()
			.orElseThrow()
			.getName();
		Volume api = pod.getVolumes().stream().filter((v) -> v.getName().equals(volume)).findFirst().orElseThrow();
		assertThat(api.getEmptyDir().getMedium()).isEqualTo("Memory");
		assertThat(env.get("FLUSH_MANAGER_CHILD_ARGS_1"))
			.contains(dir + "/configmap/redis-exporter-config/exporter.conf");
		// Nothing is mounted from the ConfigMap or Secret: the API source is the only way
		// in.
		assertThat(pod.getVolumes()).allSatisfy((v) -> {
			assertThat(v.getConfigMap()).isNull();
			assertThat(v.getSecret()).isNull();
		});
		assertThat(sidecar.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
	}

}
