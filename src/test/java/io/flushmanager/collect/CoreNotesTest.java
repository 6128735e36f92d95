package io.flushmanager.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.collect.elf.CoreNotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * NT_PRPSINFO read from a real core: {@code gcore} (Debian's gdb) of a running process.
 * Under CI=true a missing gcore fails the test instead of skipping it.
 */
class CoreNotesTest {

	@TempDir
	Path dir;

	@Test
	void executablePidAndArgumentsComeFromTheCoresOwnNotes() throws Exception {
		Gcore.require();
		Process sleeper = new ProcessBuilder("sleep", "300").start();
		try {
			Path core = Gcore.dump(this.dir, sleeper.pid());
			CoreNotes.CoreInfo info = CoreNotes.read(core).orElseThrow();
			assertThat(info.executable()).isEqualTo("sleep");
			assertThat(info.pid()).isEqualTo(sleeper.pid());
			// gdb's gcore fills pr_psargs with the program name only (a kernel-written
			// core has the whole
			// command line, truncated to 80 bytes).
			assertThat(info.args()).startsWith("sleep");
		}
		finally {
			sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void anythingElseGivesNothing() throws Exception {
		assertThat(CoreNotes.read(Files.writeString(this.dir.resolve("text"), "not an ELF file"))).isEmpty();
		assertThat(CoreNotes.read(Path.of("/bin/sh"))).as("an executable, not a core").isEmpty();
		byte[] truncated = new byte[64];
		truncated[0] = 0x7f;
		truncated[1] = 'E';
		truncated[2] = 'L';
		truncated[3] = 'F';
		truncated[4] = 2;
		truncated[5] = 1;
		truncated[16] = 4;
		truncated[32] = (byte) 0xff;
		truncated[39] = 0x7f;
		truncated[54] = 56;
		truncated[56] = 1;
		assertThat(CoreNotes.read(Files.write(this.dir.resolve("bad"), truncated))).isEmpty();
		assertThat(Duration.ZERO).isZero();
	}

}
