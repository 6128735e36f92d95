package io.flushmanager.reload.stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.fs.AtomicWriter;
import io.flushmanager.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGKILL of the service while it verifies a staged change: the stage dir stays
 * consistent, and the next start does not trust the content it was verifying; the child
 * starts on the last good copy.
 */
class KilledMidTransactionTest {

	private static final Duration WAIT = Duration.ofSeconds(90);

	private static final String CHILD = """
			conf="$1"; record="$2"
			echo "$$ START $(cat "$conf")" >> "$record"
			trap 'exit 0' TERM
			while :; do sleep 1 & wait $!; done
			""";

	@TempDir
	Path dir;

	@Test
	void aServiceKilledWhileVerifyingStartsAgainOnTheLastGoodCopy() throws Exception {
		TxnFixture txn = new TxnFixture(this.dir, "v1");
		Path script = Files.writeString(this.dir.resolve("child.sh"), CHILD);
		List<String> args = new ArrayList<>(txn.args("--flush-manager.child.command=sh",
				"--flush-manager.child.args=" + script + "," + txn.staged() + "," + txn.record,
				"--flush-manager.child.start-grace=200ms", "--flush-manager.watch.debounce=100ms",
				// A long window: the service is killed inside it.
				"--flush-manager.reload.verify.stable-for=60s", "--flush-manager.reload.verify.timeout=90s"));
		Path pending = txn.stage.resolve(Stage.STATE_DIR).resolve("pending");
		try (ServiceProcess service = ServiceProcess.start(this.dir.resolve("service-1.log"), args)) {
			service.awaitReady(WAIT);
			await().atMost(WAIT).until(() -> txn.lastRead().equals("v1"));
			txn.update("v2");
			await().atMost(WAIT).until(() -> Files.exists(pending) && txn.lastRead().equals("v2"));
			service.signal("KILL");
			assertThat(service.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
		}
		// The staged layout is whole: ..data names a complete directory, no ..data_tmp is
		// left.
		assertThat(Files.readString(txn.staged())).isEqualTo("v2\n");
		assertThat(txn.stage.resolve(AtomicWriter.DATA_DIR_TMP)).doesNotExist();

		args.removeIf((arg) -> arg.contains("verify."));
		args.add("--flush-manager.reload.verify.stable-for=200ms");
		try (ServiceProcess service = ServiceProcess.start(this.dir.resolve("service-2.log"), args)) {
			service.awaitReady(WAIT);
			await().atMost(WAIT).until(() -> txn.lastRead().equals("v1"));
			assertThat(Files.readString(txn.staged())).isEqualTo("v1\n");
			assertThat(pending).doesNotExist();
			assertThat(service.log()).contains("The service stopped while verifying a config change");
			var file = service.api().get("/api/watch").json().get("files").get(0);
			assertThat(file.get("appliedSha256").asString()).isNotEqualTo(file.get("sha256").asString());
			// The file changes: the new content goes through.
			txn.update("v3");
			await().atMost(WAIT).until(() -> txn.lastRead().equals("v3"));
		}
	}

}
