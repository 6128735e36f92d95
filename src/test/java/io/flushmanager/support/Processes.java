package io.flushmanager.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code /proc} says about processes. A zombie counts as gone: PID 1 of a test
 * machine may not reap orphans, and a zombie holds nothing but its PID.
 */
public final class Processes {

	private Processes() {
	}

	/**
	 * The fields of {@code /proc/<pid>/stat} tests look at.
	 *
	 * @param pid the process
	 * @param state its one-letter state
	 * @param ppid its parent
	 * @param pgrp its process group
	 * @param session its session
	 */
	public record Stat(long pid, char state, long ppid, long pgrp, long session) {

	}

	/**
	 * Read a process's stat.
	 * @param pid the process
	 * @return its stat, or empty if it does not exist
	 */
	public static Optional<Stat> stat(long pid) {
		try {
			String line = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.UTF_8);
			String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
			return Optional
				.of(new Stat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Whether a process runs (exists and is not a zombie).
	 * @param pid the process
	 * @return {@code true} if it runs
	 */
	public static boolean alive(long pid) {
		return stat(pid).filter((stat) -> stat.state() != 'Z' && stat.state() != 'X').isPresent();
	}

	/**
	 * The PIDs among the given ones that still run.
	 * @param pids the processes
	 * @return those alive
	 */
	public static List<Long> alive(Collection<Long> pids) {
		return pids.stream().filter(Processes::alive).toList();
	}

	/**
	 * Live processes descended from this JVM.
	 * @return how many
	 */
	public static long jvmDescendants() {
		return ProcessHandle.current().descendants().filter((handle) -> alive(handle.pid())).count();
	}

	/**
	 * Assert that none of the processes runs.
	 * @param pids the processes
	 */
	public static void assertGone(Collection<Long> pids) {
		assertThat(alive(pids)).as("processes still running among %s", pids).isEmpty();
	}

}
