package io.flushmanager.reload.stage;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Kubernetes Events on the service's own pod ({@code ConfigRejected},
 * {@code ConfigRolledBack}), so that {@code kubectl describe pod} tells what happened to
 * a config. The pod is named by the downward API ({@code POD_NAME}, {@code POD_NAMESPACE}
 * in {@code k8s/deployment.yaml}). The client is created on first use and only in a
 * cluster; outside one, or without the RBAC permission, an Event is a log line and
 * nothing else: never a failure of the reload.
 */
class PodEvents implements AutoCloseable {

	static final String REJECTED = "ConfigRejected";

	static final String ROLLED_BACK = "ConfigRolledBack";

	private static final Log logger = LogFactory.getLog(PodEvents.class);

	private final @Nullable String pod;

	private final @Nullable String namespace;

	private final Supplier<KubernetesClient> clients;

	private @Nullable KubernetesClient client;

	private boolean disabled;

	PodEvents(Map<String, String> environment) {
		this(environment, () -> new KubernetesClientBuilder().build());
	}

	PodEvents(Map<String, String> environment, Supplier<KubernetesClient> clients) {
		boolean inCluster = environment.containsKey("KUBERNETES_SERVICE_HOST");
		this.pod = inCluster ? environment.get("POD_NAME") : null;
		this.namespace = inCluster ? environment.get("POD_NAMESPACE") : null;
		this.clients = clients;
		if (inCluster && (this.pod == null || this.namespace == null)) {
			logger.info("POD_NAME or POD_NAMESPACE is not set (downward API, k8s/deployment.yaml): config "
					+ "rejections and rollbacks are logged only, not recorded as Kubernetes Events");
		}
	}

	/**
	 * Record an Event on the pod, or log that it cannot be.
	 * @param reason {@link #REJECTED} or {@link #ROLLED_BACK}
	 * @param message what happened (paths, hashes and causes: never config content)
	 */
	synchronized void record(String reason, String message) {
		if (this.pod == null || this.namespace == null || this.disabled) {
			logger.debug("Not recorded as a Kubernetes Event (outside a cluster): " + reason + ": " + message);
			return;
		}
		try {
			if (this.client == null) {
				this.client = this.clients.get();
			}
			Instant now = Instant.now();
			Event event = new EventBuilder().withNewMetadata()
				.withGenerateName(this.pod + ".")
				.withNamespace(this.namespace)
				.endMetadata()
				.withNewInvolvedObject()
				.withApiVersion("v1")
				.withKind("Pod")
				.withName(this.pod)
				.withNamespace(this.namespace)
				.endInvolvedObject()
				.withReason(reason)
				.withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
				.withType("Warning")
				.withCount(1)
				.withFirstTimestamp(now.toString())
				.withLastTimestamp(now.toString())
				.withNewSource()
				.withComponent("flush-manager")
				.endSource()
				.build();
			this.client.v1().events().inNamespace(this.namespace).resource(event).create();
		}
		catch (KubernetesClientException ex) {
			if (ex.getCode() == 403) {
				// No RBAC for events: say so once, then stop trying.
				this.disabled = true;
				logger.warn("Cannot record Kubernetes Events (403 Forbidden: the service account needs "
						+ "\"create\" on \"events\", see k8s/role.yaml); logging only from now on");
			}
			else {
				logger.warn("Could not record Kubernetes Event " + reason + ": " + ex.getMessage());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record Kubernetes Event " + reason + ": " + ex);
		}
	}

	@Override
	public synchronized void close() {
		if (this.client != null) {
			this.client.close();
		}
	}

}
