package io.flushmanager.collect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Collection alone (no child) as a real process: the contract of SPEC §10 end to end, and
 * SIGKILL at each stage followed by a restart on the same state directory.
 */
class CollectProcessTest {

	private static final Duration START = Duration.ofSeconds(120);

	private static final Duration WAIT = Duration.ofSeconds(60);

	@TempDir
	Path root;

	private List<String> args(String... more) {
		List<String> args = new ArrayList<>(List.of("--flush-manager.collect.dirs=" + this.root.resolve("in"),
				"--flush-manager.collect.state-dir=" + this.root.resolve("state"),
				"--flush-manager.collect.target=file://" + this.root.resolve("out"),
				"--flush-manager.watch.poll-interval=500ms", "--flush-manager.collect.retry.initial=200ms"));
		args.addAll(List.of(more));
		return args;
	}

	private Path script(String name, String body) throws IOException {
		Path script = this.root.resolve(name);
		Files.writeString(script, "#!/bin/sh\n" + body);
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
		return script;
	}

	private static List<JsonNode> files(ServiceProcess service, String state) {
		HttpAnswer answer = service.api().get("/api/collect/files" + ((state != null) ? "?state=" + state : ""));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		List<JsonNode> files = new ArrayList<>();
		answer.json().forEach(files::add);
		return files;
	}

	@Test
	void collectsAloneHandsOffOnceAndDeletesOnlyAfterVerification() throws Exception {
		Path in = Files.createDirectories(this.root.resolve("in/shop/web-7f9/app"));
		Files.writeString(in.resolve("core.before"), "written while the service was down");
		new ProcessBuilder("mkfifo", in.resolve("core.fifo").toString()).start().waitFor();
		Files.createSymbolicLink(in.resolve("core.shadow"), Path.of("/etc/shadow"));
		Path env = this.root.resolve("command-env");
		Path command = script("on-core.sh",
				"env >> " + env + "\necho \"$FM_ID $FM_EXE $FM_POD\" >> " + this.root.resolve("handoffs") + "\n");
		try (WebhookReceiver hook = new WebhookReceiver();
				ServiceProcess service = ServiceProcess.start(this.root.resolve("service.log"),
						List.of("-XX:TieredStopAtLevel=1"),
						args("--flush-manager.collect.settle=1500ms", "--flush-manager.collect.after-upload=delete",
								"--flush-manager.collect.command=" + command,
								"--flush-manager.collect.notify.url=" + hook.url(),
								"--flush-manager.security.token=t0ken-not-for-children"),
						Map.of("AWS_SECRET_ACCESS_KEY", "aws-secret-not-for-children"))) {
			service.awaitReady(START);
			// A slow writer, and the sleep is the point: six pauses of 300 ms, 1.8 s in
			// all,
			// longer than the settle time (1.5 s) in sum but each 1.2 s short of it, a
			// margin that a loaded machine does not eat.
			Path slow = in.resolve("core.slow");
			StringBuilder written = new StringBuilder();
			for (int i = 0; i < 6; i++) {
				Files.writeString(slow, "chunk" + i + ";", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
				written.append("chunk").append(i).append(';');
				Thread.sleep(300);
			}
			await().atMost(WAIT).untilAsserted(() -> assertThat(files(service, "done")).hasSize(2));
			List<JsonNode> done = files(service, null);
			assertThat(done).hasSize(2).allMatch((f) -> f.get("state").asString().equals("DONE"));
			for (JsonNode file : done) {
				String id = file.get("id").asString();
				assertThat(hook.count(id)).isEqualTo(1);
				Path stored = this.root.resolve("out").resolve(file.get("key").asString());
				String expected = file.get("path").asString().endsWith("core.slow") ? written.toString()
						: "written while the service was down";
				assertThat(unzstd(stored)).isEqualTo(expected);
				assertThat(Path.of(file.get("path").asString())).as("deleted after verification").doesNotExist();
				assertThat(file.get("key").asString()).startsWith("shop/web-7f9/app/");
			}
			assertThat(Files.readAllLines(this.root.resolve("handoffs"))).hasSize(2)
				.allMatch((l) -> l.endsWith(" web-7f9"));
			assertThat(Files.readString(env)).contains("FM_ID=", "FM_SHA256=", "FM_URL=file:")
				.doesNotContain("aws-secret-not-for-children", "t0ken-not-for-children");
			assertThat(service.log()).doesNotContain("aws-secret-not-for-children", "t0ken-not-for-children")
				.contains("is not a regular file");
			assertThat(in.resolve("core.fifo")).exists();
			try (Stream<Path> stored = Files.walk(this.root.resolve("out"))) {
				assertThat(stored.filter(Files::isRegularFile)).hasSize(2);
			}
			String id = done.get(0).get("id").asString();
			assertThat(service.api().post("/api/collect/files/" + id + "/retry").status()).isEqualTo(401);
			assertThat(service.api()
				.post("/api/collect/files/" + id + "/retry", "Authorization", "Bearer t0ken-not-for-children")
				.status()).isEqualTo(409);
			assertThat(service.api().get("/api/collect/files?state=sometimes").status()).isEqualTo(400);
			JsonNode summary = service.api().get("/api/collect").json();
			assertThat(summary.get("counts").get("DONE").asInt()).isEqualTo(2);
			JsonNode readiness = service.api().get("/actuator/health/readiness").json();
			assertThat(readiness.get("components").get("collect").get("status").asString()).isEqualTo("UP");
			assertThat(readiness.get("components").get("child").get("status").asString()).isEqualTo("UNKNOWN");
			String metrics = service.api().get("/actuator/prometheus").body();
			assertThat(metrics)
				.contains("flush_manager_collect_files_total{result=\"done\"} 2.0", "flush_manager_collect_pending 0.0",
						"flush_manager_collect_oldest_pending_age_seconds", "flush_manager_collect_bytes_total",
						"flush_manager_collect_upload_duration_seconds_count")
				.doesNotContain("flush_manager_child_up");
		}
	}

	@Test
	void sigkillAtEachStageLosesNothingAndStoresEachFileUnderOneKey() throws Exception {
		Path in = Files.createDirectories(this.root.resolve("in/ns/pod/app"));
		byte[] big = new byte[48 << 20];
		new Random(15).nextBytes(big);
		Files.write(in.resolve("core.big"), big);
		Files.writeString(in.resolve("core.small"), "small core");
		Path handoffs = this.root.resolve("handoffs");
		Path held = this.root.resolve("held.pid");
		// The first hand-off ever blocks (its PID kept for clean-up): the service is
		// killed while it runs.
		Path command = script("on-core.sh", "echo \"$FM_ID\" >> " + handoffs + "\nif [ ! -e " + held
				+ " ]; then echo $$ > " + held + "; exec sleep 600; fi\n");
		List<String> args = args("--flush-manager.collect.settle=2s", "--flush-manager.collect.compress=gzip",
				"--flush-manager.collect.concurrency=1", "--flush-manager.collect.command=" + command);
		List<String> stages = new ArrayList<>();
		try (WebhookReceiver hook = new WebhookReceiver()) {
			args.add("--flush-manager.collect.notify.url=" + hook.url());
			// 1. Killed while both files settle.
			try (ServiceProcess service = ServiceProcess.start(this.root.resolve("run1.log"), args)) {
				service.awaitReady(START);
				assertThat(files(service, "discovered")).hasSize(2);
				stages.add("settling");
				kill(service);
			}
			// 2. Killed while the big one is compressed and uploaded (SETTLED: key
			// rendered, not yet STORED).
			try (ServiceProcess service = ServiceProcess.start(this.root.resolve("run2.log"), args)) {
				service.awaitReady(START);
				await().atMost(WAIT)
					.pollInterval(Duration.ofMillis(20))
					.until(() -> files(service, "settled").size() + files(service, "stored").size() > 0);
				stages.add(files(service, "settled").isEmpty() ? "stored" : "uploading");
				kill(service);
			}
			// 3. Killed after upload, while the command runs (before the webhook).
			try (ServiceProcess service = ServiceProcess.start(this.root.resolve("run3.log"), args)) {
				service.awaitReady(START);
				await().atMost(WAIT).until(() -> Files.exists(held) && !Files.readString(held).isBlank());
				stages.add("handing off");
				kill(service);
			}
			finally {
				if (Files.exists(held)) {
					ProcessHandle.of(Long.parseLong(Files.readString(held).trim()))
						.ifPresent(ProcessHandle::destroyForcibly);
				}
			}
			// 4. Runs to the end.
			try (ServiceProcess service = ServiceProcess.start(this.root.resolve("run4.log"), args)) {
				service.awaitReady(START);
				await().atMost(WAIT).untilAsserted(() -> assertThat(files(service, "done")).hasSize(2));
				List<JsonNode> done = files(service, null);
				assertThat(done).hasSize(2);
				List<String> ran = Files.readAllLines(handoffs);
				for (JsonNode file : done) {
					String id = file.get("id").asString();
					long times = ran.stream().filter(id::equals).count();
					assertThat(times).as("command runs of " + id + " in " + ran).isBetween(1L, 2L);
					assertThat(hook.count(id)).as("webhook calls of " + id).isEqualTo(1);
				}
				assertThat(ran).as("only the hand-off in flight at the kill ran twice").hasSize(3);
				try (Stream<Path> stored = Files.walk(this.root.resolve("out"))) {
					assertThat(stored.filter(Files::isRegularFile).map((p) -> p.getFileName().toString())).hasSize(2)
						.noneMatch((name) -> name.endsWith(".tmp"));
				}
				JsonNode bigEntry = done.stream()
					.filter((f) -> f.get("path").asString().endsWith("core.big"))
					.findFirst()
					.orElseThrow();
				assertThat(ungzip(this.root.resolve("out").resolve(bigEntry.get("key").asString()))).isEqualTo(big);
			}
		}
		assertThat(stages).containsExactly("settling", "uploading", "handing off");
	}

	private static void kill(ServiceProcess service) throws Exception {
		service.signal("KILL");
		service.process().waitFor();
	}

	private static String unzstd(Path file) throws IOException {
		try (InputStream in = new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(file))) {
			return new String(in.readAllBytes());
		}
	}

	private static byte[] ungzip(Path file) throws IOException {
		try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
			return in.readAllBytes();
		}
	}

}
