package io.flushmanager.child;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.flushmanager.config.ChildProperties;

/**
 * The one rule for the environment of every process the service starts on the child's
 * behalf (the child and the validate command): the service's own environment without any
 * {@code FLUSH_MANAGER_*} variable (the service's settings, the bearer token among them),
 * without the credentials of the service's own clients (the Kubernetes client's and the
 * S3 client's) and without the names in {@code child.env-remove}, then {@code child.env}
 * on top. With {@code child.inherit-env=false} only {@code child.env}. Names are logged
 * at most, never values.
 */
public final class ChildEnvironment {

	/**
	 * Spring's relaxed binding reads the service's settings from variables with this
	 * prefix.
	 */
	static final String SERVICE_PREFIX = "FLUSH_MANAGER_";

	/**
	 * Credentials the service's own clients read from its environment (fabric8's
	 * {@code kubernetes.*} settings, the AWS SDK's keys): they are the service's
	 * identity, not the child's. A child that needs one gets it through
	 * {@code child.env}, e.g.
	 * {@code child.env.AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}}.
	 */
	static final Set<String> CLIENT_CREDENTIALS = Set.of("KUBERNETES_AUTH_TOKEN", "KUBERNETES_AUTH_BASIC_PASSWORD",
			"KUBERNETES_CERTS_CLIENT_KEY_DATA", "KUBERNETES_CERTS_CLIENT_KEY_PASSPHRASE",
			"KUBERNETES_KEYSTORE_PASSPHRASE", "KUBERNETES_TRUSTSTORE_PASSPHRASE", "KUBERNETES_PROXY_PASSWORD",
			"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

	private final Map<String, String> base;

	private final Set<String> remove;

	private final boolean inherit;

	private final Map<String, String> extra;

	ChildEnvironment(Map<String, String> base, List<String> remove, boolean inherit, Map<String, String> extra) {
		this.base = Map.copyOf(base);
		this.remove = Set.copyOf(remove);
		this.inherit = inherit;
		this.extra = Map.copyOf(extra);
	}

	/**
	 * The rule for the child's settings, over this JVM's environment.
	 * @param child the child's settings
	 * @return the environment rule
	 */
	public static ChildEnvironment of(ChildProperties child) {
		return new ChildEnvironment(System.getenv(), child.envRemove(), child.inheritEnv(), child.env());
	}

	/**
	 * The environment a started process gets.
	 * @return a new mutable map
	 */
	public Map<String, String> variables() {
		Map<String, String> variables = new HashMap<>();
		if (this.inherit) {
			this.base.forEach((name, value) -> {
				if (!isServiceSetting(name) && !CLIENT_CREDENTIALS.contains(name) && !this.remove.contains(name)) {
					variables.put(name, value);
				}
			});
		}
		variables.putAll(this.extra);
		return variables;
	}

	/**
	 * Replace a process builder's environment (which starts as this JVM's) with
	 * {@link #variables()}.
	 * @param builder the builder
	 * @return the builder
	 */
	public ProcessBuilder applyTo(ProcessBuilder builder) {
		Map<String, String> environment = builder.environment();
		environment.clear();
		environment.putAll(variables());
		return builder;
	}

	/** Case-blind: the relaxed binding also reads {@code flush_manager_*}. */
	private static boolean isServiceSetting(String name) {
		return name.toUpperCase(Locale.ROOT).startsWith(SERVICE_PREFIX);
	}

}
