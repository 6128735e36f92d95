package io.flushmanager.collect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default mode (a child and its config, no {@code collect.dirs}) loads no class of
 * collection mode, nor the AWS SDK or zstd-jni: the footprint of the reload sidecar does
 * not grow with this mode.
 */
class DefaultModeClassesTest {

	@TempDir
	Path dir;

	@Test
	void noCollectionClassIsLoadedInTheDefaultMode() throws Exception {
		Path log = this.dir.resolve("service.log");
		try (ServiceProcess service = ServiceProcess.start(log, List.of("-XX:TieredStopAtLevel=1", "-verbose:class"),
				List.of("--flush-manager.child.command=sleep", "--flush-manager.child.args=600"))) {
			service.awaitReady(Duration.ofSeconds(120));
			assertThat(service.api().get("/api/collect").status()).isEqualTo(404);
			String loaded = service.log();
			assertThat(loaded).contains("io.flushmanager.watch.ConfigWatcher")
				.doesNotContain("io.flushmanager.collect.", "software.amazon.", "com.github.luben.");
		}
	}

}
