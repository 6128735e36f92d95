package io.flushmanager.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

import io.flushmanager.config.FlushManagerProperties;

/**
 * The settings the service will run with in the example pod: the packaged
 * {@code application.yaml} overridden by the {@code flush-manager} ConfigMap (an imported
 * config source wins over the file that imports it), bound with Spring's own relaxed
 * rules so the tests read what the service reads.
 */
final class AppSettings {

	static final Path APPLICATION_YAML = Path.of("src/main/resources/application.yaml");

	private final Binder binder;

	private AppSettings(Binder binder) {
		this.binder = binder;
	}

	static AppSettings packaged() {
		return of(null);
	}

	/**
	 * @param configMapYaml the {@code application.yaml} key of the service's ConfigMap,
	 * or null
	 */
	static AppSettings of(String configMapYaml) {
		MutablePropertySources sources = new MutablePropertySources();
		if (configMapYaml != null) {
			load("configmap", new ByteArrayResource(configMapYaml.getBytes())).forEach(sources::addLast);
		}
		load("application.yaml", new FileSystemResource(APPLICATION_YAML)).forEach(sources::addLast);
		return new AppSettings(new Binder(ConfigurationPropertySources.from(sources)));
	}

	private static List<PropertySource<?>> load(String name, Resource resource) {
		try {
			List<PropertySource<?>> documents = new ArrayList<>();
			for (PropertySource<?> document : new YamlPropertySourceLoader().load(name, resource)) {
				// Profile-specific documents are not active in the pod.
				if (!document.containsProperty("spring.config.activate.on-profile")) {
					documents.add(document);
				}
			}
			return documents;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The port actuator answers on: management.server.port when split off, else
	 * server.port.
	 */
	int actuatorPort() {
		return this.binder.bind("management.server.port", Integer.class)
			.orElseGet(() -> this.binder.bind("server.port", Integer.class).orElse(8080));
	}

	int serverPort() {
		return this.binder.bind("server.port", Integer.class).orElse(8080);
	}

	String actuatorBasePath() {
		String base = this.binder.bind("management.endpoints.web.base-path", String.class).orElse("/actuator");
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	String livenessPath() {
		return actuatorBasePath() + "/health/liveness";
	}

	String readinessPath() {
		return actuatorBasePath() + "/health/readiness";
	}

	/**
	 * Where a probe group answers on server.port: its {@code additional-path}
	 * ("server:/livez").
	 * @param group {@code liveness} or {@code readiness}
	 * @return the path
	 */
	String probePath(String group) {
		String path = this.binder.bind("management.endpoint.health.group." + group + ".additional-path", String.class)
			.orElseThrow(() -> new AssertionError("no additional-path for the " + group + " group"));
		return path.startsWith("server:") ? path.substring("server:".length()) : path;
	}

	Duration shutdownPhase() {
		return this.binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(Duration.ofSeconds(30));
	}

	String prometheusPath() {
		return actuatorBasePath() + "/prometheus";
	}

	/**
	 * The ConfigMap spring-cloud-kubernetes reads: config.name, else the application
	 * name.
	 */
	String configMapName() {
		return this.binder.bind("spring.cloud.kubernetes.config.name", String.class)
			.orElseGet(() -> this.binder.bind("spring.application.name", String.class).orElse("application"));
	}

	List<String> watchFiles() {
		return this.binder.bind("flush-manager.watch.files", Bindable.listOf(String.class)).orElse(List.of());
	}

	Duration stopTimeout() {
		return this.binder.bind("flush-manager.child.stop-timeout", Duration.class).orElse(Duration.ofSeconds(10));
	}

	Duration startGrace() {
		return this.binder.bind("flush-manager.child.start-grace", Duration.class).orElse(Duration.ofSeconds(1));
	}

	/**
	 * The service's own properties record, bound as the service binds it (without
	 * validation).
	 */
	FlushManagerProperties properties() {
		return this.binder.bindOrCreate("flush-manager", FlushManagerProperties.class);
	}

	boolean failFast() {
		return this.binder.bind("spring.cloud.kubernetes.config.fail-fast", Boolean.class).orElse(false);
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
