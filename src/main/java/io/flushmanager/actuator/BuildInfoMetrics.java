package io.flushmanager.actuator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;

/**
 * {@code flush_manager_build_info{version,revision,java_version} 1}: joins onto any other
 * series to tell which build a pod runs. Values come from the build's
 * {@code build-info.properties} and {@code git.properties} ({@code /actuator/info} shows
 * the same); {@code unknown} where the build had none (an image built without
 * {@code .git}, a run from an IDE).
 */
public class BuildInfoMetrics {

	static final String UNKNOWN = "unknown";

	public BuildInfoMetrics(MeterRegistry registry, @Nullable BuildProperties build, @Nullable GitProperties git) {
		// A gauge named "*.info" is exported by Micrometer's Prometheus registry as an
		// info metric (value 1).
		Gauge.builder("flush_manager.build.info", () -> 1)
			.description("Build information of the running flush-manager (value 1)")
			.tag("version", version(build))
			.tag("revision", orUnknown((git != null) ? git.getShortCommitId() : null))
			.tag("java_version", orUnknown(System.getProperty("java.version")))
			.register(registry);
	}

	private static String version(@Nullable BuildProperties build) {
		String version = (build != null) ? build.getVersion() : null;
		return orUnknown((version != null) ? version : BuildInfoMetrics.class.getPackage().getImplementationVersion());
	}

	private static String orUnknown(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value : UNKNOWN;
	}

}
