package io.flushmanager.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

import io.flushmanager.config.Durations;
import io.flushmanager.config.StartupFailureException;
import io.flushmanager.source.ObjectRef.Kind;
import io.flushmanager.time.Ticker;
import io.flushmanager.watch.ConfigWatcher;

/**
 * Watches ConfigMaps and Secrets through fabric8 informers and hands every version to
 * {@link SourceObjects}. One informer per named object (a field selector on
 * {@code metadata.name}, which RBAC can limit by {@code resourceNames}), or one per kind
 * with a label selector.
 * <p>
 * Informers list, then watch; after a disconnect or a {@code 410 Gone} they list again
 * and replay the difference as adds, updates and deletes, so nothing is missed and
 * nothing is deleted while the API cannot be reached. Starts before the watcher: the
 * child starts on the first sync, or after {@code initial-sync-timeout} with the files
 * there are.
 */
class KubernetesSource implements SmartLifecycle {

	/** Before the watcher, which takes the materialized files as its baseline. */
	static final int PHASE = ConfigWatcher.PHASE - 1024;

	private static final Log logger = LogFactory.getLog(KubernetesSource.class);

	private final KubernetesSourceProperties properties;

	private final Supplier<Config> configs;

	private final SourceObjects objects;

	private final SourceStatus status;

	private final Ticker ticker;

	private final ScheduledExecutorService sweeper;

	private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();

	private final ApiOutage outage;

	private volatile KubernetesClient client;

	private volatile boolean running;

	private volatile String namespace = "";

	KubernetesSource(KubernetesSourceProperties properties, Supplier<Config> configs, SourceObjects objects,
			SourceStatus status, Ticker ticker, ScheduledExecutorService sweeper) {
		this.properties = properties;
		this.configs = configs;
		this.objects = objects;
		this.status = status;
		this.ticker = ticker;
		this.sweeper = sweeper;
		this.outage = new ApiOutage(status);
	}

	@Override
	public void start() {
		KubernetesClient client = new KubernetesClientBuilder().withConfig(this.configs.get())
			.withHttpClientBuilderConsumer((builder) -> builder.addOrReplaceInterceptor("flush-manager-source",
					new ApiTraffic(this.outage::failed)))
			.build();
		this.client = client;
		String namespace = (this.properties.namespace() != null) ? this.properties.namespace() : client.getNamespace();
		if (namespace == null || namespace.isBlank()) {
			client.close();
			throw new StartupFailureException(
					"The API source has no namespace to watch: " + KubernetesSourceProperties.PREFIX
							+ ".namespace is not set and there is no service account " + "namespace (not in a pod?).",
					"Set " + KubernetesSourceProperties.PREFIX + ".namespace.");
		}
		this.namespace = namespace;
		logger.info("Starting the API source: " + describeSelection() + " in namespace " + namespace
				+ ", materialized into " + this.properties.dir() + " (API server " + client.getMasterUrl() + ")");
		if (this.properties.bySelector()) {
			String selector = this.properties.labelSelector();
			add(client.configMaps().inNamespace(namespace).withLabelSelector(selector));
			add(client.secrets().inNamespace(namespace).withLabelSelector(selector));
		}
		else {
			this.properties.configMaps()
				.forEach((name) -> add(client.configMaps().inNamespace(namespace).withName(name)));
			this.properties.secrets().forEach((name) -> add(client.secrets().inNamespace(namespace).withName(name)));
		}
		this.status.watching(() -> this.running && this.informers.stream().allMatch(SharedIndexInformer::isWatching));
		this.running = true;
		awaitInitialSync(this.informers.stream().map((informer) -> informer.start().toCompletableFuture()).toList());
		Duration every = this.properties.deletionGrace().isZero() ? Duration.ofSeconds(1)
				: Duration.ofMillis(Math.min(1000, Math.max(10, this.properties.deletionGrace().toMillis() / 10)));
		this.sweeper.scheduleWithFixedDelay(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Remove what is past its deletion grace; notice watches that are down, and when they
	 * are back.
	 */
	private void tick() {
		try {
			this.objects.sweep();
			this.outage.check();
		}
		catch (RuntimeException ex) {
			logger.warn("The API source's check failed: " + ApiOutage.describe(ex));
		}
	}

	private String describeSelection() {
		if (this.properties.bySelector()) {
			return "ConfigMaps and Secrets with labels " + this.properties.labelSelector();
		}
		return "ConfigMaps " + this.properties.configMaps() + ", Secrets " + this.properties.secrets();
	}

	private <T extends HasMetadata> void add(Informable<T> informable) {
		SharedIndexInformer<T> informer = informable.runnableInformer(0);
		informer.addEventHandler(new Handler<>());
		informer.exceptionHandler(this::onException);
		this.informers.add(informer);
	}

	private void awaitInitialSync(List<CompletableFuture<Void>> starts) {
		long started = this.ticker.nanoTime();
		Duration timeout = this.properties.initialSyncTimeout();
		try {
			CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("The API source has not synced after " + Durations.format(timeout) + " ("
					+ KubernetesSourceProperties.PREFIX + ".initial-sync-timeout; last error: "
					+ this.status.lastError() + "); starting with the files there are, and it keeps trying");
			return;
		}
		catch (ExecutionException ex) {
			logger.warn("The API source's first sync failed (" + ApiOutage.describe(ex.getCause())
					+ "); starting with the files there are, and it keeps trying");
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		// The handlers run on the informers' own threads; applying the stores here makes
		// the files complete
		// before the watcher takes its baseline (a version applied twice is a no-op).
		for (SharedIndexInformer<? extends HasMetadata> informer : this.informers) {
			for (HasMetadata object : informer.getStore().list()) {
				apply(object);
			}
		}
		this.status.initialSyncDone();
		this.status.recordSync();
		logger.info("The API source synced " + this.objects.entries().size() + " object(s) in "
				+ this.ticker.since(started).toMillis() + " ms");
	}

	private boolean onException(boolean started, Throwable ex) {
		this.outage.failed(ApiOutage.describe(ex));
		return this.running;
	}

	private void apply(HasMetadata object) {
		ObjectRef ref = ref(object);
		if (ref == null) {
			return;
		}
		this.objects.apply(ref, object.getMetadata().getResourceVersion(), () -> Payloads.of(object));
	}

	private ObjectRef ref(HasMetadata object) {
		Kind kind = (object instanceof io.fabric8.kubernetes.api.model.Secret) ? Kind.SECRET : Kind.CONFIG_MAP;
		String name = (object.getMetadata() != null) ? object.getMetadata().getName() : null;
		String namespace = (object.getMetadata() != null) ? object.getMetadata().getNamespace() : null;
		if (name == null || !ObjectRef.isValidName(name)) {
			this.status.recordError(kind.displayName() + " with an invalid name");
			logger.warn("Ignoring a " + kind.displayName() + " whose name is not a valid object name");
			return null;
		}
		return new ObjectRef(kind, (namespace != null) ? namespace : this.namespace, name);
	}

	@Override
	public void stop() {
		this.running = false;
		this.sweeper.shutdownNow();
		this.informers.forEach(SharedIndexInformer::stop);
		KubernetesClient client = this.client;
		if (client != null) {
			client.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private final class Handler<T extends HasMetadata> implements ResourceEventHandler<T> {

		@Override
		public void onAdd(T object) {
			apply(object);
		}

		@Override
		public void onUpdate(T before, T after) {
			apply(after);
		}

		@Override
		public void onDelete(T object, boolean finalStateUnknown) {
			ObjectRef ref = ref(object);
			if (ref != null) {
				KubernetesSource.this.objects.deleted(ref);
			}
		}

	}

}
