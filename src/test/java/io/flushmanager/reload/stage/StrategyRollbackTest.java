package io.flushmanager.reload.stage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.support.RunningService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rollback with the signal strategy (verified by TCP port) and the http strategy
 * (verified by URL): the same child re-reads the staged copy, and after a rollback it
 * serves on the old content again.
 */
class StrategyRollbackTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@TempDir
	Path dir;

	private static String action(RunningService service) {
		return TxnFixture.latest(service).get("action").asString();
	}

	@Test
	void signalStrategyVerifiedByPortRollsBack() throws Exception {
		TxnFixture txn = new TxnFixture(this.dir, "v1");
		int port = TxnFixture.freePort();
		List<String> args = txn.args(txn.healthChild(port));
		args.addAll(List.of("--flush-manager.reload.strategy=signal", "--flush-manager.reload.verify.tcp-port=" + port,
				"--flush-manager.reload.verify.timeout=3s",
				// The child applies a signal or a webhook call after answering: the
				// checks must hold 1 s later too.
				"--flush-manager.reload.verify.stable-for=1s"));
		try (RunningService service = RunningService.start(args)) {
			await().atMost(WAIT)
				.until(() -> txn.lastRead().equals("v1") && action(service).equals("RECORDED")
						&& "RUNNING".equals(service.childState()));
			long pid = service.child().get("pid").asLong();
			txn.update("bad");
			await().atMost(WAIT).until(() -> action(service).equals("ROLLED_BACK"));
			assertThat(TxnFixture.latest(service).get("cause").asString()).contains("TCP port " + port);
			// Signalled twice, never restarted: HUP with the bad content, HUP with the
			// good one.
			assertThat(service.child().get("pid").asLong()).isEqualTo(pid);
			assertThat(txn.reads()).extracting((read) -> read.event() + " " + read.config())
				.containsExactly("START v1", "HUP bad", "HUP v1");
			txn.update("v2");
			await().atMost(WAIT).until(() -> action(service).equals("RELOADED") && txn.lastRead().equals("v2"));
		}
	}

	@Test
	void httpStrategyVerifiedByUrlRollsBack() throws Exception {
		TxnFixture txn = new TxnFixture(this.dir, "v1");
		int port = TxnFixture.freePort();
		List<String> args = txn.args(txn.healthChild(port));
		args.addAll(List.of("--flush-manager.reload.strategy=http",
				"--flush-manager.reload.url=http://127.0.0.1:" + port + "/-/reload", "--flush-manager.reload.retries=0",
				"--flush-manager.reload.verify.http-url=http://127.0.0.1:" + port + "/health",
				"--flush-manager.reload.verify.timeout=3s",
				// The child applies a signal or a webhook call after answering: the
				// checks must hold 1 s later too.
				"--flush-manager.reload.verify.stable-for=1s"));
		try (RunningService service = RunningService.start(args)) {
			await().atMost(WAIT).until(() -> txn.lastRead().equals("v1") && "RUNNING".equals(service.childState()));
			txn.update("bad");
			await().atMost(WAIT).until(() -> action(service).equals("ROLLED_BACK"));
			// The bad content closed the webhook too: the rollback restarts the child on
			// the good content.
			await().atMost(WAIT).until(() -> txn.lastRead().equals("v1") && "RUNNING".equals(service.childState()));
			assertThat(txn.reads()).extracting((read) -> read.event() + " " + read.config()).contains("HTTP bad");
		}
	}

}
