package io.flushmanager.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The PrometheusRule's groups, checked and unit-tested by Prometheus' own promtool
 * (Debian package "prometheus", installed by CI when it can): the expressions parse, and
 * the alerts fire on the series the service exports, not before, and (the stale-config
 * ones) for as long as the child runs stale config.
 */
class AlertRulesTest {

	private static Optional<Path> promtool;

	@TempDir
	static Path dir;

	private static Path rules;

	@BeforeAll
	static void writeRules() throws IOException {
		promtool = Manifests.onPath("promtool");
		GenericKubernetesResource rule = (GenericKubernetesResource) Manifests.fromFiles()
			.ofKind("PrometheusRule")
			.get(0);
		rules = dir.resolve("rules.yaml");
		Files.writeString(rules, new KubernetesSerialization().asYaml(Map.of("groups", rule.get("spec", "groups"))));
	}

	@Test
	void rulesParse() throws Exception {
		assumeThat(promtool).as("promtool on PATH").isPresent();
		assertThat(promtool("check", "rules", rules.toString())).contains("SUCCESS");
	}

	@Test
	void alertsFireOnTheExportedSeries() throws Exception {
		assumeThat(promtool).as("promtool on PATH").isPresent();
		Path test = dir.resolve("test.yaml");
		Files.writeString(test,
				"""
						rule_files: [%s]
						evaluation_interval: 30s
						tests:
						  - interval: 1m
						    input_series:
						      - series: 'flush_manager_child_restarts_total{namespace="ns",pod="p",reason="crash"}'
						        values: '0 0 1 2 3 3 3'
						      - series: 'flush_manager_watch_events_lost_total{namespace="ns",pod="p"}'
						        values: '0x6'
						      - series: 'flush_manager_watch_native_events{namespace="ns",pod="p"}'
						        values: '1 0x12'
						    alert_rule_test:
						      - eval_time: 1m
						        alertname: FlushManagerChildCrashLooping
						        exp_alerts: []
						      - eval_time: 6m
						        alertname: FlushManagerChildCrashLooping
						        exp_alerts:
						          - exp_labels: {severity: warning, namespace: ns, pod: p}
						            exp_annotations:
						              summary: "Child of flush-manager in ns/p keeps crashing"
						              description: "3 crash restarts in 15 minutes. GET /api/child shows the last exit."
						              runbook_url: "HELP.md#flushmanagerchildcrashlooping"
						      - eval_time: 6m
						        alertname: FlushManagerWatchEventsLost
						        exp_alerts: []
						      - eval_time: 10m
						        alertname: FlushManagerNativeEventsUnavailable
						        exp_alerts: []
						      - eval_time: 11m
						        alertname: FlushManagerNativeEventsUnavailable
						        exp_alerts:
						          - exp_labels: {severity: info, namespace: ns, pod: p}
						            exp_annotations:
						              summary: "flush-manager in ns/p runs on polling alone"
						              description: "Kernel change events are unavailable (inotify limits, or a filesystem such as NFS/FUSE); changes are seen by polling."
						              runbook_url: "HELP.md#flushmanagernativeeventsunavailable"
						%s
						"""
					.formatted(rules, STALE_CONFIG));
		assertThat(promtool("test", "rules", test.toString())).contains("SUCCESS");
	}

	/**
	 * Pod "stale": one update rejected at 2m (the counter moves once), the child runs the
	 * old config until a good update at 15m. Both alerts stay firing all along, long
	 * after an increase() over any window would have forgotten the rejection, and resolve
	 * with the good reload. Pod "busy": a reload's few seconds out of sync fire nothing.
	 */
	private static final String STALE_CONFIG = """
			  - interval: 1m
			    input_series:
			      - series: 'flush_manager_reloads_total{namespace="ns",pod="stale",strategy="restart",result="validation_failed"}'
			        values: '0 0 1x16'
			      - series: 'flush_manager_reload_last_success{namespace="ns",pod="stale"}'
			        values: '1x1 0x12 1x3'
			      - series: 'flush_manager_config_in_sync{namespace="ns",pod="stale"}'
			        values: '1x1 0x12 1x3'
			      - series: 'flush_manager_reload_last_success{namespace="ns",pod="busy"}'
			        values: '1x18'
			      - series: 'flush_manager_config_in_sync{namespace="ns",pod="busy"}'
			        values: '1 0 1 1 0 1x13'
			    alert_rule_test:
			      - eval_time: 2m
			        alertname: FlushManagerReloadFailed
			        exp_alerts: []
			%s
			      - eval_time: 15m
			        alertname: FlushManagerReloadFailed
			        exp_alerts: []
			      - eval_time: 11m
			        alertname: FlushManagerConfigStale
			        exp_alerts: []
			%s
			      - eval_time: 15m
			        alertname: FlushManagerConfigStale
			        exp_alerts: []
			      - eval_time: 18m
			        alertname: FlushManagerConfigStale
			        exp_alerts: []
			"""
		.formatted(
				firing("FlushManagerReloadFailed",
						"""
								              summary: "Last config reload of flush-manager in ns/stale failed"
								              description: "A confirmed config change did not reach the child, which keeps its old config. GET /api/watch/history shows the decision (VALIDATION_FAILED or RELOAD_FAILED)."
								              runbook_url: "HELP.md#flushmanagerreloadfailed"
								""",
						3, 8, 13, 14),
				firing("FlushManagerConfigStale",
						"""
								              summary: "Child of flush-manager in ns/stale runs config that is not the mounted one"
								              description: "For 10 minutes the config the child took up has differed from the mounted files. GET /api/watch and /api/watch/history show the files and the last decisions."
								              runbook_url: "HELP.md#flushmanagerconfigstale"
								""",
						12, 13, 14));

	/** The alert firing for pod "stale" (only) at each of the minutes. */
	private static String firing(String alert, String annotations, int... minutes) {
		StringBuilder cases = new StringBuilder();
		for (int minute : minutes) {
			cases.append("""
					      - eval_time: %dm
					        alertname: %s
					        exp_alerts:
					          - exp_labels: {severity: warning, namespace: ns, pod: stale}
					            exp_annotations:
					%s""".formatted(minute, alert, annotations));
		}
		return cases.toString().stripTrailing();
	}

	@Test
	void everyAlertHasARunbookSectionInHelp() throws IOException {
		GenericKubernetesResource rule = (GenericKubernetesResource) Manifests.fromFiles()
			.ofKind("PrometheusRule")
			.get(0);
		List<Map<String, Object>> groups = rule.get("spec", "groups");
		Set<String> anchors = helpAnchors();
		List<Map<String, Object>> alerts = groups.stream()
			.flatMap((group) -> ((List<?>) group.get("rules")).stream())
			.map((r) -> {
				@SuppressWarnings("unchecked")
				Map<String, Object> alert = (Map<String, Object>) r;
				return alert;
			})
			.toList();
		assertThat(alerts).isNotEmpty().allSatisfy((alert) -> {
			@SuppressWarnings("unchecked")
			Map<String, Object> annotations = (Map<String, Object>) alert.get("annotations");
			String name = (String) alert.get("alert");
			assertThat(annotations.get("runbook_url")).as(name).isEqualTo("HELP.md#" + name.toLowerCase(Locale.ROOT));
			assertThat(anchors).as("HELP.md has a heading for " + name).contains(name.toLowerCase(Locale.ROOT));
		});
	}

	/** GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes. */
	private static Set<String> helpAnchors() throws IOException {
		return Files.readAllLines(Path.of("HELP.md"))
			.stream()
			.filter((line) -> line.startsWith("#"))
			.map((line) -> line.replaceFirst("^#+\\s*", "")
				.toLowerCase(Locale.ROOT)
				.replaceAll("[^a-z0-9 _-]", "")
				.replace(' ', '-'))
			.collect(Collectors.toSet());
	}

	private static String promtool(String... args) throws IOException, InterruptedException {
		String[] command = new String[args.length + 1];
		command[0] = promtool.get().toString();
		System.arraycopy(args, 0, command, 1, args.length);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
