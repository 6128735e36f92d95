package io.flushmanager.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The PrometheusRule's groups, checked and unit-tested by Prometheus' own promtool (Debian package
 * "prometheus", installed by CI when it can): the expressions parse, and the crash-loop, reload-failure
 * and lost-events alerts fire on the series the service exports, and not before.
 */
class AlertRulesTest {

	private static Optional<Path> promtool;

	@TempDir
	static Path dir;

	private static Path rules;

	@BeforeAll
	static void writeRules() throws IOException {
		promtool = Manifests.onPath("promtool");
		GenericKubernetesResource rule = (GenericKubernetesResource) Manifests.fromFiles().ofKind("PrometheusRule").get(0);
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
		Files.writeString(test, """
				rule_files: [%s]
				evaluation_interval: 30s
				tests:
				  - interval: 1m
				    input_series:
				      - series: 'flush_manager_child_restarts_total{namespace="ns",pod="p",reason="CRASH"}'
				        values: '0 0 1 2 3 3 3'
				      - series: 'flush_manager_reloads_total{namespace="ns",pod="p",strategy="restart",result="VALIDATION_FAILED"}'
				        values: '0 0 1 1 1 1 1'
				      - series: 'flush_manager_watch_events_lost_total{namespace="ns",pod="p"}'
				        values: '0 0 0 0 0 0 0'
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
				              description: "3 crash restarts in 15 minutes. Runbook: crash loops (kubectl logs -c exporter ... | grep -E 'restarting|Restarting')."
				      - eval_time: 3m
				        alertname: FlushManagerReloadFailed
				        exp_alerts:
				          - exp_labels: {severity: warning, namespace: ns, pod: p, result: VALIDATION_FAILED}
				            exp_annotations:
				              summary: "Config reload VALIDATION_FAILED in ns/p"
				              description: "A confirmed config change did not reach the child. GET /api/watch/history shows the decision. Runbook: validation rejections / crash loops."
				      - eval_time: 6m
				        alertname: FlushManagerWatchEventsLost
				        exp_alerts: []
				""".formatted(rules));
		assertThat(promtool("test", "rules", test.toString())).contains("SUCCESS");
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
