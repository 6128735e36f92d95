package io.flushmanager.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Real core files for the tests: {@code gcore} (Debian's gdb) of a running process.
 * Missing, the test is skipped, except under {@code CI=true}, where it fails.
 */
final class Gcore {

	private static final Path GCORE = Path.of("/usr/bin/gcore");

	private Gcore() {
	}

	static void require() {
		if ("true".equals(System.getenv("CI"))) {
			assertThat(GCORE).as("gcore (apt-get install gdb) is required under CI=true").isExecutable();
		}
		assumeThat(Files.isExecutable(GCORE)).as("gcore not installed").isTrue();
	}

	/**
	 * Dump a running process.
	 * @param dir where the core is written
	 * @param pid the process
	 * @return the core file, {@code core.<pid>}
	 * @throws Exception when gcore fails
	 */
	static Path dump(Path dir, long pid) throws Exception {
		Process gcore = new ProcessBuilder(GCORE.toString(), "-o", dir.resolve("core").toString(), Long.toString(pid))
			.redirectErrorStream(true)
			.start();
		String output = new String(gcore.getInputStream().readAllBytes());
		assertThat(gcore.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
		Path core = dir.resolve("core." + pid);
		assertThat(core).as(output).exists();
		return core;
	}

}
