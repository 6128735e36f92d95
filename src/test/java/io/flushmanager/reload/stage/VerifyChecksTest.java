package io.flushmanager.reload.stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.support.LogCapture;
import io.flushmanager.support.RunningService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Verification by log pattern and by stable-for with a real shell child (restart
 * strategy), a failed verification without a stage dir, and a first start on content the
 * validate command rejects.
 */
class VerifyChecksTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	// Prints "ready" unless its config says "bad"; with "crash" it exits 3 after 2 s.
	private static final String CHILD = """
			conf="$1"; record="$2"
			[ -f "$(dirname "$record")/die" ] && exit 4
			c=$(cat "$conf")
			echo "$$ START $c" >> "$record"
			case "$c" in *bad*) echo "refusing config";; *) echo "ready";; esac
			case "$c" in *crash*) sleep 2; exit 3;; esac
			trap 'exit 0' TERM
			while :; do sleep 1 & wait $!; done
			""";

	@TempDir
	Path dir;

	private List<String> shellChild(TxnFixture txn, Path conf) throws IOException {
		Path script = Files.writeString(this.dir.resolve("child.sh"), CHILD);
		return List.of("--flush-manager.child.command=sh",
				"--flush-manager.child.args=" + script + "," + conf + "," + txn.record);
	}

	private static String action(RunningService service) {
		return TxnFixture.latest(service).get("action").asString();
	}

	@Test
	void logPatternFailureRollsBack() throws IOException {
		TxnFixture txn = new TxnFixture(this.dir, "v1");
		List<String> args = new ArrayList<>(txn.args());
		args.addAll(shellChild(txn, txn.staged()));
		args.addAll(List.of("--flush-manager.reload.verify.log-pattern=^ready$",
				"--flush-manager.reload.verify.timeout=3s"));
		try (RunningService service = RunningService.start(args)) {
			await().atMost(WAIT).until(() -> txn.lastRead().equals("v1"));
			txn.update("v2");
			await().atMost(WAIT).until(() -> action(service).equals("RELOADED"));
			txn.update("bad");
			await().atMost(WAIT).until(() -> action(service).equals("ROLLED_BACK"));
			assertThat(TxnFixture.latest(service).get("cause").asString()).contains("no log line /^ready$/");
			await().atMost(WAIT).until(() -> "RUNNING".equals(service.childState()));
			assertThat(txn.lastRead()).isEqualTo("v2");
		}
	}

	@Test
	void stableForCatchesAChildThatCrashesAfterTwoSeconds() throws IOException {
		TxnFixture txn = new TxnFixture(this.dir, "v1");
		List<String> args = new ArrayList<>(txn.args());
		args.addAll(shellChild(txn, txn.staged()));
		args.addAll(
				List.of("--flush-manager.reload.verify.stable-for=4s", "--flush-manager.reload.verify.timeout=10s"));
		try (RunningService service = RunningService.start(args)) {
			await().atMost(WAIT).until(() -> txn.lastRead().equals("v1"));
			txn.update("crash");
			await().atMost(WAIT).until(() -> action(service).equals("ROLLED_BACK"));
			assertThat(TxnFixture.latest(service).get("cause").asString())
				.contains("exited (code 3) during verification");
			await().atMost(WAIT).until(() -> "RUNNING".equals(service.childState()));
			assertThat(txn.lastRead()).isEqualTo("v1");
			// The exit was the verification's failure: the restart policy did not restart
			// it as a crash.
			JsonNode history = service.child().get("history");
			List<String> starts = new ArrayList<>();
			history.forEach((event) -> starts.add(event.get("type").asString() + " " + event.get("reason").asString()));
			assertThat(starts).contains("EXITED CRASH").doesNotContain("STARTED CRASH");
		}
	}

	@Test
	void aChildDyingDuringTheRollbackIsOneReloadFailedThenTheRestartPolicy() throws IOException {
		TxnFixture txn = new TxnFixture(this.dir, "v1");
		List<String> args = new ArrayList<>(txn.args());
		args.addAll(shellChild(txn, txn.staged()));
		args.addAll(List.of("--flush-manager.reload.verify.stable-for=1s", "--flush-manager.reload.verify.timeout=5s"));
		try (RunningService service = RunningService.start(args);
				LogCapture log = LogCapture.of(ReloadTransaction.class)) {
			await().atMost(WAIT).until(() -> txn.lastRead().equals("v1"));
			// From now on every start of the child dies at once, on the good config too.
			Files.createFile(this.dir.resolve("die"));
			txn.update("bad");
			await().atMost(WAIT).until(() -> action(service).equals("RELOAD_FAILED"));
			assertThat(TxnFixture.latest(service).get("cause").asString()).contains("rollback failed too");
			assertThat(log.lines()).filteredOn((line) -> line.contains("rolling back")).hasSize(1);
			// The restart policy has the child now (backoff), no second rollback: once it
			// can start, it runs.
			Files.delete(this.dir.resolve("die"));
			await().atMost(WAIT).until(() -> "RUNNING".equals(service.childState()));
			assertThat(log.lines()).filteredOn((line) -> line.contains("rolling back")).hasSize(1);
			assertThat(TxnFixture.actions(service).stream().filter((a) -> a.equals("RELOAD_FAILED")).count())
				.isEqualTo(1);
		}
	}

	@Test
	void withoutAStageDirAFailedVerificationIsReloadFailed() throws IOException {
		TxnFixture txn = new TxnFixture(this.dir, "v1");
		List<String> args = new ArrayList<>(List.of("--flush-manager.watch.files=" + txn.watched()));
		args.addAll(shellChild(txn, txn.watched()));
		args.addAll(List.of("--flush-manager.reload.verify.log-pattern=^ready$",
				"--flush-manager.reload.verify.timeout=2s"));
		try (RunningService service = RunningService.start(args);
				LogCapture log = LogCapture.of(ReloadTransaction.class)) {
			await().atMost(WAIT).until(() -> txn.lastRead().equals("v1"));
			txn.update("bad");
			await().atMost(WAIT).until(() -> action(service).equals("RELOAD_FAILED"));
			assertThat(TxnFixture.latest(service).get("cause").asString()).contains("may be running the bad config");
			assertThat(log.lines()).anyMatch(
					(line) -> line.startsWith("ERROR") && line.contains("The child may be running the bad config"));
			assertThat(TxnFixture.metrics(service).sum("flush_manager_reloads_total", "result", "reload_failed"))
				.isEqualTo(1.0);
		}
	}

	@Test
	void firstStartOnRejectedContentStartsNoChildAndStaysUnready() throws IOException {
		TxnFixture txn = new TxnFixture(this.dir, "bad");
		List<String> args = new ArrayList<>(txn.args());
		args.addAll(shellChild(txn, txn.staged()));
		args.add("--flush-manager.reload.validate-command=sh,-c,! grep -q bad \"$0\"");
		try (RunningService service = RunningService.start(args)) {
			await().atMost(WAIT).until(() -> "FATAL".equals(service.childState()));
			assertThat(service.api().get("/actuator/health/readiness").status()).isEqualTo(503);
			assertThat(txn.reads()).isEmpty();
			assertThat(txn.staged()).doesNotExist();
			assertThat(service.child().toString()).contains("no accepted config to start with");

			txn.update("v1");
			await().atMost(WAIT).until(() -> txn.lastRead().equals("v1") && "RUNNING".equals(service.childState()));
			await().atMost(WAIT).until(() -> service.api().get("/actuator/health/readiness").status() == 200);
		}
	}

}
