package io.flushmanager.child;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.child.ChildEvent.Type;
import io.flushmanager.support.LogCapture;
import io.flushmanager.support.ScriptChild;

import static org.assertj.core.api.Assertions.assertThat;

class ChildStartFailureTest {

	@TempDir
	Path dir;

	@Test
	void aCommandWithoutExecutePermissionIsFatalUntilFixedAndRestarted() throws Exception {
		ScriptChild script = Scripts.wellBehaved(this.dir).executable(false);
		try (LogCapture log = LogCapture.of(ChildSupervisor.class); Harness harness = Harness.of(script).start()) {
			ChildStatus status = harness.awaitState(ChildState.FATAL);
			assertThat(status.pid()).isNull();
			assertThat(status.history()).singleElement().satisfies((event) -> {
				assertThat(event.type()).isEqualTo(Type.START_FAILED);
				assertThat(event.reason()).isEqualTo(RestartReason.STARTUP);
				assertThat(event.pid()).isNull();
				assertThat(event.detail()).contains(script.command(), "not an executable file");
			});
			assertThat(log.lines()).anyMatch((line) -> line.startsWith("ERROR Child process cannot be run: "));
			assertThat(harness.supervisor.healthy()).isTrue();
			assertThat(script.pids()).isEmpty();

			script.executable(true);
			RestartResult result = harness.supervisor.restart(RestartReason.MANUAL).get(30, TimeUnit.SECONDS);
			assertThat(result.previousPid()).isNull();
			assertThat(result.pid()).isNotNull();
			assertThat(harness.awaitRunning()).isEqualTo(result.pid());
		}
	}

	@Test
	void aScriptWithAMissingInterpreterIsFatalUntilFixedAndRestarted() throws Exception {
		ScriptChild script = Scripts.wellBehaved(this.dir);
		String good = script.read("child.sh");
		script.write("#!/nonexistent/interpreter\necho never\n");
		try (Harness harness = Harness.of(script).start()) {
			ChildStatus status = harness.awaitState(ChildState.FATAL);
			assertThat(status.history().get(0).detail()).contains("bad interpreter /nonexistent/interpreter");

			script.write(good);
			harness.supervisor.restart(RestartReason.MANUAL).get(30, TimeUnit.SECONDS);
			harness.awaitRunning();
		}
	}

	@Test
	void whenTheWrapperCannotExecTheCommandItIsFatal() {
		// The interpreter exists but is a script whose own interpreter does not: only
		// execve can tell.
		ScriptChild interpreter = ScriptChild.create(this.dir, "interpreter", "").write("#!/nonexistent/sh\n");
		ScriptChild script = ScriptChild.create(this.dir, "child", "").write("#!" + interpreter.script() + "\n");
		try (Harness harness = Harness.of(script).start()) {
			ChildStatus status = harness.awaitState(ChildState.FATAL);
			assertThat(status.history().get(0)).satisfies((event) -> {
				assertThat(event.type()).isEqualTo(Type.START_FAILED);
				assertThat(event.pid()).isNotNull();
				assertThat(event.detail()).startsWith("setpriv: failed to execute " + script.command());
			});
			assertThat(harness.events(Type.EXITED)).isEmpty();
			assertThat(harness.lines).singleElement().asString().contains("setpriv: failed to execute");
		}
	}

	@Test
	void withoutSetsidAnExecFailureIsReportedBySpawnAndFatal() {
		ScriptChild interpreter = ScriptChild.create(this.dir, "interpreter", "").write("#!/nonexistent/sh\n");
		ScriptChild script = ScriptChild.create(this.dir, "child", "").write("#!" + interpreter.script() + "\n");
		try (Harness harness = Harness.of(script).plainSpawn().start()) {
			ChildStatus status = harness.awaitState(ChildState.FATAL);
			assertThat(status.history()).singleElement().satisfies((event) -> {
				assertThat(event.type()).isEqualTo(Type.START_FAILED);
				assertThat(event.pid()).isNull();
				assertThat(event.detail()).contains("Cannot run program", script.command());
			});
		}
	}

}
