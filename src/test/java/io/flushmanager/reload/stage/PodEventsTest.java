package io.flushmanager.reload.stage;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import io.flushmanager.support.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Events on the pod against the fabric8 mock API server (CRUD mode); outside a cluster,
 * or when the API refuses, a log line and never a failure.
 */
@EnableKubernetesMockClient(crud = true)
class PodEventsTest {

	static KubernetesClient client;

	static KubernetesMockServer server;

	private static final Map<String, String> IN_CLUSTER = Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "POD_NAME",
			"exporter-0", "POD_NAMESPACE", "test");

	@Test
	void rollbackAndRejectionAreEventsOnThePod() {
		PodEvents events = new PodEvents(IN_CLUSTER, () -> client);
		events.record(PodEvents.ROLLED_BACK,
				"Config change of [/etc/exporter/exporter.conf] rolled back: verification failed");
		events.record(PodEvents.REJECTED,
				"Config change of [/etc/exporter/exporter.conf] rejected: validate command exited 2");
		List<Event> recorded = client.v1().events().inNamespace("test").list().getItems();
		assertThat(recorded).extracting(Event::getReason)
			.containsExactlyInAnyOrder("ConfigRolledBack", "ConfigRejected");
		assertThat(recorded).allSatisfy((event) -> {
			assertThat(event.getInvolvedObject().getKind()).isEqualTo("Pod");
			assertThat(event.getInvolvedObject().getName()).isEqualTo("exporter-0");
			assertThat(event.getType()).isEqualTo("Warning");
			assertThat(event.getSource().getComponent()).isEqualTo("flush-manager");
		});
	}

	@Test
	void outsideAClusterNoClientIsCreated() {
		PodEvents events = new PodEvents(Map.of("POD_NAME", "x"), () -> {
			throw new AssertionError("no client outside a cluster");
		});
		assertThatCode(() -> events.record(PodEvents.ROLLED_BACK, "m")).doesNotThrowAnyException();
	}

	@Test
	void forbiddenIsOneWarningAndNeverAFailure() {
		int[] calls = { 0 };
		PodEvents events = new PodEvents(IN_CLUSTER, () -> {
			calls[0]++;
			throw new KubernetesClientException("Forbidden", 403, null);
		});
		try (LogCapture log = LogCapture.of(PodEvents.class)) {
			assertThatCode(() -> {
				events.record(PodEvents.ROLLED_BACK, "m");
				events.record(PodEvents.ROLLED_BACK, "m");
			}).doesNotThrowAnyException();
			assertThat(log.lines()).filteredOn((line) -> line.contains("403")).hasSize(1);
		}
		assertThat(calls[0]).isEqualTo(1);
	}

}
