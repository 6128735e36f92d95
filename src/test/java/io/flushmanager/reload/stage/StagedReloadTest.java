package io.flushmanager.reload.stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.HttpMetricsScrape;
import io.flushmanager.support.LogCapture;
import io.flushmanager.support.RunningService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole transaction with a real child that serves a health endpoint and refuses bad
 * config: a good update verifies and commits, a bad one is rolled back and the child runs
 * the old content again, the bad content is not tried again (not even after a restart of
 * the service), and a later good update goes through. The child reads the staged copy
 * through the kubelet's symlinks.
 */
class StagedReloadTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@TempDir
	Path dir;

	@Test
	void goodCommitsBadRollsBackAndIsNotRetried() throws Exception {
		TxnFixture txn = new TxnFixture(this.dir, "v1");
		int port = TxnFixture.freePort();
		List<String> args = txn.args(txn.healthChild(port));
		args.addAll(List.of("--flush-manager.reload.verify.http-url=http://127.0.0.1:" + port + "/health",
				"--flush-manager.reload.verify.timeout=8s", "--flush-manager.reload.diff=redacted"));
		try (RunningService service = RunningService.start(args);
				LogCapture log = LogCapture.of(ReloadTransaction.class);
				LogCapture diff = LogCapture.of(RedactedDiff.class)) {
			await().atMost(WAIT).until(() -> txn.lastRead().equals("v1"));
			// The staged layout: a visible link to ..data/<key>, ..data a link to a
			// timestamped directory.
			assertThat(Files.readSymbolicLink(txn.staged())).isEqualTo(Path.of("..data", TxnFixture.KEY));
			assertThat(Files.readSymbolicLink(txn.stage.resolve(AtomicWriter.DATA_DIR)).toString()).startsWith("..");
			assertThat(Files.readString(txn.staged())).isEqualTo("v1\n");

			txn.update("v2");
			await().atMost(WAIT).until(() -> TxnFixture.latest(service).get("action").asString().equals("RELOADED"));
			assertThat(txn.lastRead()).isEqualTo("v2");
			assertThat(TxnFixture.file(service).get("appliedSha256").asString())
				.isEqualTo(TxnFixture.file(service).get("sha256").asString());

			txn.update("bad password=hunter2");
			await().atMost(WAIT).until(() -> TxnFixture.latest(service).get("action").asString().equals("ROLLED_BACK"));
			assertThat(TxnFixture.latest(service).get("cause").asString()).contains("verification failed");
			// The child runs the old content again, healthy; readiness is UP; the metrics
			// tell the truth.
			assertThat(txn.lastRead()).isEqualTo("v2");
			assertThat(Files.readString(txn.staged())).isEqualTo("v2\n");
			await().atMost(WAIT).until(() -> service.api().get("/actuator/health/readiness").status() == 200);
			assertThat(TxnFixture.file(service).get("appliedSha256").asString())
				.isNotEqualTo(TxnFixture.file(service).get("sha256").asString());
			HttpMetricsScrape metrics = TxnFixture.metrics(service);
			assertThat(metrics.sum("flush_manager_reloads_total", "result", "rolled_back")).isEqualTo(1.0);
			assertThat(metrics.sum("flush_manager_config_in_sync")).isEqualTo(0.0);
			assertThat(metrics.sum("flush_manager_reload_last_success")).isEqualTo(0.0);
			assertThat(log.lines()).anyMatch((line) -> line.contains("Rolled back"));
			assertThat(diff.lines()).anyMatch((line) -> line.contains("password=******"));
			assertThat(String.join("\n", log.lines()) + String.join("\n", diff.lines())).doesNotContain("hunter2");
		}
		long badStarts = txn.reads().stream().filter((read) -> read.config().contains("bad")).count();
		assertThat(badStarts).isEqualTo(1);

		// A new service on the same stage dir with the bad content still mounted: not
		// tried again.
		try (RunningService service = RunningService.start(args)) {
			await().atMost(WAIT).until(() -> "RUNNING".equals(service.childState()));
			await().atMost(WAIT)
				.until(() -> txn.reads().size() > 0 && txn.lastRead().equals("v2")
						&& service.api().get("/actuator/health/readiness").status() == 200);
			assertThat(txn.reads().stream().filter((read) -> read.config().contains("bad")).count())
				.isEqualTo(badStarts);
			assertThat(TxnFixture.metrics(service).sum("flush_manager_config_in_sync")).isEqualTo(0.0);

			txn.update("v3");
			await().atMost(WAIT)
				.until(() -> txn.lastRead().equals("v3")
						&& TxnFixture.latest(service).get("action").asString().equals("RELOADED"));
			HttpMetricsScrape metrics = TxnFixture.metrics(service);
			assertThat(metrics.sum("flush_manager_config_in_sync")).isEqualTo(1.0);
			assertThat(metrics.sum("flush_manager_reload_last_success")).isEqualTo(1.0);
		}
	}

}
