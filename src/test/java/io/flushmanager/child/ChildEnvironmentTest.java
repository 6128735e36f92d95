package io.flushmanager.child;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.support.ScriptChild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The child's environment: the service's without its own settings, without
 * {@code env-remove}, plus {@code env}; or {@code env} alone. Read back from the running
 * child's {@code /proc/<pid>/environ}.
 */
class ChildEnvironmentTest {

	@TempDir
	Path dir;

	@Test
	void theServicesSettingsAndRemovedNamesAreLeftOutAndEnvComesOnTop() {
		ChildEnvironment environment = new ChildEnvironment(
				Map.of("PATH", "/bin", "FLUSH_MANAGER_SECURITY_TOKEN", "secret", "flush_manager_child_command", "x",
						"DB_PASSWORD", "pw", "HOME", "/root"),
				List.of("DB_PASSWORD"), true, Map.of("HOME", "/srv", "EXTRA", "1"));
		assertThat(environment.variables()).containsOnly(entry("PATH", "/bin"), entry("HOME", "/srv"),
				entry("EXTRA", "1"));
	}

	@Test
	void theServicesClientCredentialsAreLeftOutUnlessEnvGivesThem() {
		ChildEnvironment environment = new ChildEnvironment(Map.of("PATH", "/bin", "KUBERNETES_AUTH_TOKEN", "t",
				"KUBERNETES_PROXY_PASSWORD", "p", "AWS_SECRET_ACCESS_KEY", "k", "AWS_SESSION_TOKEN", "s",
				"AWS_ACCESS_KEY_ID", "id", "KUBERNETES_SERVICE_HOST", "10.0.0.1"), List.of(), true,
				Map.of("AWS_SESSION_TOKEN", "given"));
		assertThat(environment.variables()).containsOnly(entry("PATH", "/bin"), entry("AWS_ACCESS_KEY_ID", "id"),
				entry("KUBERNETES_SERVICE_HOST", "10.0.0.1"), entry("AWS_SESSION_TOKEN", "given"));
	}

	@Test
	void withoutInheritanceOnlyEnvIsThere() {
		ChildEnvironment environment = new ChildEnvironment(Map.of("PATH", "/bin", "HOME", "/root"), List.of(), false,
				Map.of("EXTRA", "1"));
		assertThat(environment.variables()).containsOnly(entry("EXTRA", "1"));
	}

	@Test
	void theRunningChildHasTheServicesEnvironmentMinusEnvRemovePlusEnv() throws IOException {
		String removed = System.getenv()
			.keySet()
			.stream()
			.filter((name) -> !name.equals("PATH"))
			.findFirst()
			.orElseThrow();
		ScriptChild script = Scripts.wellBehaved(this.dir);
		try (Harness harness = Harness.of(script).envRemove(removed).env(Map.of("EXTRA", "added")).start()) {
			Map<String, String> seen = environ(harness.awaitRunning());
			assertThat(seen).containsEntry("EXTRA", "added")
				.containsEntry("PATH", System.getenv("PATH"))
				.doesNotContainKey(removed);
		}
	}

	@Test
	void theRunningChildWithoutInheritanceHasOnlyEnv() throws IOException {
		ScriptChild script = Scripts.wellBehaved(this.dir);
		try (Harness harness = Harness.of(script)
			.inheritEnv(false)
			.env(Map.of("PATH", "/usr/bin:/bin", "EXTRA", "added"))
			.start()) {
			Map<String, String> seen = environ(harness.awaitRunning());
			// The shell adds PWD (and dash nothing else) to what it exports.
			assertThat(new TreeSet<>(seen.keySet())).isSubsetOf("PATH", "EXTRA", "PWD", "DIR")
				.contains("PATH", "EXTRA");
		}
	}

	private static Map<String, String> environ(long pid) throws IOException {
		String text = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8);
		return Arrays.stream(text.split("\0"))
			.filter((line) -> line.contains("="))
			.collect(java.util.stream.Collectors.toMap((line) -> line.substring(0, line.indexOf('=')),
					(line) -> line.substring(line.indexOf('=') + 1), (a, b) -> b));
	}

}
