package io.flushmanager.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.yaml.snakeyaml.Yaml;

/**
 * The objects of {@code k8s/}, parsed into fabric8's typed model. With kubectl on the
 * PATH they are what {@code kubectl kustomize} renders (what gets applied); without it
 * the kustomization's resources and generators are read directly, so the tests run on any
 * machine.
 */
final class Manifests {

	static final Path K8S = Path.of("k8s");

	static final String SIDECAR = "exporter";

	private static final KubernetesSerialization serialization = new KubernetesSerialization();

	private final List<HasMetadata> objects;

	private final String source;

	private Manifests(List<HasMetadata> objects, String source) {
		this.objects = List.copyOf(objects);
		this.source = source;
	}

	/**
	 * Rendered by kubectl when it is on the PATH, unless {@code -Ddeploy.manifests=files}
	 * asks for the direct parse (how the tests run without kubectl).
	 */
	static Manifests load() {
		return load(K8S);
	}

	/** The same for one kustomization directory, such as {@code k8s/collect}. */
	static Manifests load(Path dir) {
		if ("files".equals(System.getProperty("deploy.manifests"))) {
			return fromFiles(dir);
		}
		return kubectlKustomize(dir).orElseGet(() -> fromFiles(dir));
	}

	/**
	 * Reads the kustomization tree the way kustomize would for the features {@code k8s/}
	 * uses.
	 */
	static Manifests fromFiles() {
		return fromFiles(K8S);
	}

	static Manifests fromFiles(Path dir) {
		return new Manifests(readKustomization(dir, null), "files");
	}

	static Optional<Manifests> kubectlKustomize() {
		return kubectlKustomize(K8S);
	}

	static Optional<Manifests> kubectlKustomize(Path dir) {
		Optional<Path> kubectl = onPath("kubectl");
		if (kubectl.isEmpty()) {
			return Optional.empty();
		}
		try {
			Process process = new ProcessBuilder(kubectl.get().toString(), "kustomize", dir.toString())
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			byte[] out = process.getInputStream().readAllBytes();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("kubectl kustomize " + dir + " failed: exit " + process.exitValue());
			}
			return Optional.of(new Manifests(parse(new ByteArrayInputStream(out)), "kubectl kustomize"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Optional<Path> onPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		return Stream.of(path.split(java.io.File.pathSeparator))
			.map((dir) -> Path.of(dir, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

	String source() {
		return this.source;
	}

	List<HasMetadata> all() {
		return this.objects;
	}

	<T extends HasMetadata> List<T> ofType(Class<T> type) {
		return this.objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	List<HasMetadata> ofKind(String kind) {
		return this.objects.stream().filter((o) -> kind.equals(o.getKind())).toList();
	}

	<T extends HasMetadata> T one(Class<T> type, String name) {
		List<T> found = ofType(type).stream().filter((o) -> name.equals(o.getMetadata().getName())).toList();
		if (found.size() != 1) {
			throw new AssertionError("expected one " + type.getSimpleName() + " named " + name + " in " + this.source
					+ ", found " + found.size());
		}
		return found.get(0);
	}

	Deployment deployment() {
		List<Deployment> deployments = ofType(Deployment.class);
		if (deployments.size() != 1) {
			throw new AssertionError("expected exactly one Deployment, found " + deployments.size());
		}
		return deployments.get(0);
	}

	Container sidecar() {
		return deployment().getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.stream()
			.filter((c) -> SIDECAR.equals(c.getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container named " + SIDECAR));
	}

	Container redis() {
		return deployment().getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.stream()
			.filter((c) -> "redis".equals(c.getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container named redis"));
	}

	static List<HasMetadata> parse(InputStream yaml) {
		Object parsed = serialization.unmarshal(yaml);
		List<HasMetadata> result = new ArrayList<>();
		if (parsed instanceof KubernetesList list) {
			result.addAll(list.getItems());
		}
		else if (parsed instanceof Collection<?> list) {
			list.forEach((o) -> result.add((HasMetadata) o));
		}
		else if (parsed != null) {
			result.add((HasMetadata) parsed);
		}
		return result;
	}

	@SuppressWarnings("unchecked")
	private static List<HasMetadata> readKustomization(Path dir, String inheritedNamespace) {
		Map<String, Object> kustomization = yaml(dir.resolve("kustomization.yaml"));
		String namespace = (String) kustomization.getOrDefault("namespace", inheritedNamespace);
		List<HasMetadata> objects = new ArrayList<>();
		for (String resource : (List<String>) kustomization.getOrDefault("resources", List.of())) {
			Path path = dir.resolve(resource);
			if (Files.isDirectory(path)) {
				objects.addAll(readKustomization(path, namespace));
			}
			else {
				try (InputStream in = Files.newInputStream(path)) {
					objects.addAll(parse(in));
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		for (Map<String, Object> generator : (List<Map<String, Object>>) kustomization
			.getOrDefault("configMapGenerator", List.of())) {
			objects.add(generatedConfigMap(dir, generator));
		}
		for (Map<String, Object> labels : (List<Map<String, Object>>) kustomization.getOrDefault("labels", List.of())) {
			Map<String, String> pairs = (Map<String, String>) labels.getOrDefault("pairs", Map.of());
			objects.forEach((o) -> {
				Map<String, String> merged = new LinkedHashMap<>(
						(o.getMetadata().getLabels() != null) ? o.getMetadata().getLabels() : Map.of());
				merged.putAll(pairs);
				o.getMetadata().setLabels(merged);
			});
		}
		if (namespace != null) {
			objects.stream()
				.filter(Namespaced.class::isInstance)
				.forEach((o) -> o.getMetadata().setNamespace(namespace));
		}
		return objects;
	}

	@SuppressWarnings("unchecked")
	private static ConfigMap generatedConfigMap(Path dir, Map<String, Object> generator) {
		Map<String, String> data = new LinkedHashMap<>();
		for (String file : (List<String>) generator.getOrDefault("files", List.of())) {
			Path path = dir.resolve(file);
			try {
				data.put(path.getFileName().toString(), Files.readString(path));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		Map<String, Object> options = (Map<String, Object>) generator.getOrDefault("options", Map.of());
		return new ConfigMapBuilder().withNewMetadata()
			.withName((String) generator.get("name"))
			.withLabels((Map<String, String>) options.getOrDefault("labels", Map.of()))
			.endMetadata()
			.withData(data)
			.build();
	}

	static Map<String, Object> yaml(Path file) {
		try {
			return yaml(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Map<String, Object> yaml(String text) {
		Map<String, Object> map = new Yaml().load(text);
		return (map != null) ? map : Map.of();
	}

}
