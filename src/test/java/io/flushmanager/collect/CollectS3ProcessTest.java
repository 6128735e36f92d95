package io.flushmanager.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.collect.store.S3Target;
import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The collector's whole path as an operator runs it: the service jar, a real core file
 * ({@code gcore} of a running process), a real S3-compatible server (s3rver) reached with
 * credentials from the environment. The object is read back from the server, and the
 * credentials appear nowhere.
 */
class CollectS3ProcessTest {

	private static final String SECRET = "S3RVER";

	@TempDir
	Path root;

	@BeforeAll
	static void credentials() {
		// For the test's own S3Target that reads the object back; the service gets them
		// through its environment.
		System.setProperty("aws.accessKeyId", SECRET);
		System.setProperty("aws.secretAccessKey", SECRET);
	}

	@AfterAll
	static void noCredentials() {
		System.clearProperty("aws.accessKeyId");
		System.clearProperty("aws.secretAccessKey");
	}

	@Test
	void aRealCoreReachesARealS3ServerOnceWithItsExecutableNamed() throws Exception {
		S3rver.binary();
		Gcore.require();
		Path in = Files.createDirectories(this.root.resolve("in/shop/web-7f9/app"));
		Path scratch = Files.createDirectories(this.root.resolve("scratch"));
		try (S3rver s3 = S3rver.start(this.root.resolve("s3"));
				ServiceProcess service = ServiceProcess.start(this.root.resolve("service.log"),
						List.of("-XX:TieredStopAtLevel=1"),
						List.of("--flush-manager.collect.dirs=" + this.root.resolve("in"),
								"--flush-manager.collect.state-dir=" + this.root.resolve("state"),
								"--flush-manager.collect.target=s3://" + S3rver.BUCKET + "/node-1",
								"--flush-manager.collect.endpoint=" + s3.endpoint(),
								"--flush-manager.collect.path-style=true", "--flush-manager.collect.settle=1s",
								"--flush-manager.collect.after-upload=delete",
								"--flush-manager.watch.poll-interval=500ms"),
						Map.of("AWS_ACCESS_KEY_ID", SECRET, "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_REGION",
								"us-east-1"))) {
			service.awaitReady(Duration.ofSeconds(120));
			// Dumped beside, then moved in: the collector sees a whole file, as with a
			// kernel core_pattern writing to a temporary name.
			Path core = dump(scratch);
			Files.move(core, in.resolve(core.getFileName()));
			await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
				HttpAnswer answer = service.api().get("/api/collect/files?state=done");
				assertThat(answer.json()).as(answer.body()).hasSize(1);
			});
			JsonNode file = service.api().get("/api/collect/files").json().get(0);
			assertThat(file.get("metadata").get("exe").asString()).isEqualTo("sleep");
			assertThat(file.get("url").asString()).isEqualTo("s3://cores/node-1/" + file.get("key").asString());
			assertThat(file.get("key").asString()).startsWith("shop/web-7f9/app/");
			assertThat(in.resolve(core.getFileName())).as("deleted after verification").doesNotExist();
			try (S3Target reader = new S3Target("s3://" + S3rver.BUCKET + "/node-1", s3.endpoint(), "us-east-1",
					true)) {
				assertThat(reader.stat(file.get("key").asString())).get().satisfies((object) -> {
					assertThat(object.contentSha256()).isEqualTo(file.get("sha256").asString());
					assertThat(object.contentSize()).isEqualTo(file.get("size").asLong());
				});
			}
			assertThat(service.log()).as("credentials in no log line").doesNotContain(SECRET);
			String metrics = service.api().get("/actuator/prometheus").body();
			assertThat(metrics).contains("flush_manager_collect_files_total{result=\"done\"} 1.0");
		}
	}

	private static Path dump(Path dir) throws Exception {
		Process sleeper = new ProcessBuilder("sleep", "300").start();
		try {
			return Gcore.dump(dir, sleeper.pid());
		}
		finally {
			sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
