package io.flushmanager.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Every object of {@code k8s/} (as kustomize renders it) validates against the Kubernetes
 * and prometheus-operator schemas, offline, with the npm package
 * {@code kubernetes-models} ({@code scripts/k8s-validate}). Needs node and npm: skipped
 * with a message when they or the packages cannot be had, except under {@code CI=true},
 * where that fails ({@code .ci/run} installs the packages).
 */
class ManifestSchemaTest {

	private static final Path SCRIPT_DIR = Path.of("scripts", "k8s-validate");

	/** Kustomizations beside the root one, applied on their own. */
	static final List<String> VARIANTS = List.of("api-source", "collect");

	@Test
	void everyRenderedObjectMatchesItsSchema() throws Exception {
		if (Manifests.onPath("node").isEmpty() || !installed()) {
			String why = "node, npm or the npm package kubernetes-models is not available (cd " + SCRIPT_DIR
					+ " && npm install --no-package-lock)";
			if ("true".equals(System.getenv("CI"))) {
				fail(why);
			}
			assumeThat(false).as(why + ": schema validation skipped").isTrue();
		}
		List<Object> objects = new java.util.ArrayList<>(Manifests.load().all());
		for (String variant : VARIANTS) {
			objects.addAll(Manifests.load(Manifests.K8S.resolve(variant)).all());
		}
		Path json = Files.createDirectories(Path.of("target")).resolve("k8s-objects.json");
		Files.writeString(json, new KubernetesSerialization().asJson(objects));
		Run run = run(
				List.of(Manifests.onPath("node").get().toString(), "validate.mjs", json.toAbsolutePath().toString()));
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains(objects.size() + " of " + objects.size() + " objects valid");
	}

	private static boolean installed() throws IOException, InterruptedException {
		if (Files.isDirectory(SCRIPT_DIR.resolve("node_modules/kubernetes-models"))) {
			return true;
		}
		if (Manifests.onPath("npm").isEmpty()) {
			return false;
		}
		Run install = run(List.of(Manifests.onPath("npm").get().toString(), "install", "--no-package-lock",
				"--no-audit", "--no-fund"));
		if (install.exitCode() != 0) {
			System.err.println("npm install in " + SCRIPT_DIR + " failed:\n" + install.output());
		}
		return install.exitCode() == 0 && Files.isDirectory(SCRIPT_DIR.resolve("node_modules/kubernetes-models"));
	}

	private static Run run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(SCRIPT_DIR.toFile()).redirectErrorStream(true).start();
		byte[] out = process.getInputStream().readAllBytes();
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			return new Run(-1, "timed out: " + command);
		}
		return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
	}

	private record Run(int exitCode, String output) {

	}

}
