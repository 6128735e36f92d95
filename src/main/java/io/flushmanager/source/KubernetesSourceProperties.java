package io.flushmanager.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.flushmanager.config.InvalidPropertyException;

/**
 * The API source (HELP.md, "API source"): ConfigMaps and Secrets read from the API server
 * and materialized in the kubelet's layout. Bound in every mode (so its names are known),
 * used only when enabled.
 *
 * @param enabled turn the API source on
 * @param namespace namespace to watch; the pod's own (service account) when unset
 * @param configMaps names of ConfigMaps to watch
 * @param secrets names of Secrets to watch
 * @param labelSelector or every ConfigMap and Secret with these labels
 * @param dir where to materialize: {@code <dir>/configmap/<name>/<key>} and
 * {@code <dir>/secret/<name>/<key>}
 * @param initialSyncTimeout the child starts after the first sync, or after this with a
 * WARN
 * @param deletionGrace a deleted object's files are removed only after this
 */
@ConfigurationProperties("flush-manager.source.kubernetes")
public record KubernetesSourceProperties(@DefaultValue("false") boolean enabled, @Nullable String namespace,
		@DefaultValue List<String> configMaps, @DefaultValue List<String> secrets, @Nullable String labelSelector,
		@Nullable Path dir, @DefaultValue("30s") Duration initialSyncTimeout,
		@DefaultValue("5m") Duration deletionGrace) {

	static final String PREFIX = "flush-manager.source.kubernetes";

	public KubernetesSourceProperties {
		if (initialSyncTimeout.isNegative()) {
			throw new InvalidPropertyException(PREFIX + ".initial-sync-timeout", initialSyncTimeout.toString(),
					"must not be negative", "Give a duration such as 30s.");
		}
		if (deletionGrace.isNegative()) {
			throw new InvalidPropertyException(PREFIX + ".deletion-grace", deletionGrace.toString(),
					"must not be negative", "Give a duration such as 5m (0s removes a deleted object at once).");
		}
		if (enabled) {
			if (dir == null) {
				throw new InvalidPropertyException(PREFIX + ".dir", null,
						"is required with " + PREFIX + ".enabled=true",
						"Set it to a directory the service may write, e.g. an emptyDir (medium: Memory for Secrets).");
			}
			boolean named = !configMaps.isEmpty() || !secrets.isEmpty();
			boolean selected = labelSelector != null && !labelSelector.isBlank();
			if (named == selected) {
				throw new InvalidPropertyException(PREFIX + (selected ? ".label-selector" : ".config-maps"),
						selected ? labelSelector : null,
						selected ? "cannot be combined with named objects"
								: "or .secrets or .label-selector is required",
						"Give either names (" + PREFIX + ".config-maps / .secrets) or a " + PREFIX
								+ ".label-selector, not both.");
			}
		}
		configMaps = List.copyOf(configMaps);
		secrets = List.copyOf(secrets);
	}

	/**
	 * Whether objects are selected by label rather than named.
	 * @return {@code true} with a label selector
	 */
	boolean bySelector() {
		return this.labelSelector != null && !this.labelSelector.isBlank();
	}

}
