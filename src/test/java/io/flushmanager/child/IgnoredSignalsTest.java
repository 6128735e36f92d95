package io.flushmanager.child;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.flushmanager.config.CommandResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the {@code SigIgn} mask of {@code /proc/<pid>/status}.
 */
class IgnoredSignalsTest {

	@Test
	void namesEachSignalOfTheMaskInSignalOrder() {
		assertThat(IgnoredSignals.parse(status("0000000000000003"))).containsExactly("HUP", "INT");
		// A background job of sh, spawned by a JVM: INT and QUIT, and glibc's own 32 and
		// 33, which are not counted.
		assertThat(IgnoredSignals.parse(status("0000000180000006"))).containsExactly("INT", "QUIT");
		assertThat(IgnoredSignals.parse(status("0000000040004000"))).containsExactly("TERM", "SYS");
	}

	@Test
	void nothingWhenNoneIsIgnoredOrThereIsNoMask() {
		assertThat(IgnoredSignals.parse(status("0000000000000000"))).isEmpty();
		assertThat(IgnoredSignals.parse(status("8000000180000000"))).as("real-time only").isEmpty();
		assertThat(IgnoredSignals.parse("Name:\tjava\nPid:\t1\n")).isEmpty();
		assertThat(IgnoredSignals.parse(status("not-hex"))).isEmpty();
		assertThat(IgnoredSignals.parse("")).isEmpty();
	}

	@Test
	void wrapsAResolvedProgramByItsPathAndLeavesAnUnknownOneToFailAsItWould() {
		List<String> prefix = List.of("/usr/bin/env", "--default-signal");
		String sh = CommandResolver.resolve("sh").orElseThrow().toString();
		assertThat(IgnoredSignals.wrap(prefix, List.of("sh", "-c", "exit 0"))).containsExactly("/usr/bin/env",
				"--default-signal", sh, "-c", "exit 0");
		assertThat(IgnoredSignals.wrap(prefix, List.of("no-such-program-here", "x")))
			.containsExactly("no-such-program-here", "x");
		assertThat(IgnoredSignals.wrap(List.of(), List.of("sh"))).containsExactly("sh");
	}

	private static String status(String mask) {
		return "Name:\tjava\nSigQ:\t0/31607\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t0000000000000000\n"
				+ "SigIgn:\t" + mask + "\nSigCgt:\t0000000000000000\n";
	}

}
