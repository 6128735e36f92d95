package io.flushmanager.child;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The fields of {@code /proc/<pid>/stat} the supervisor needs.
 *
 * @param pid process ID
 * @param state one-letter state ({@code R}, {@code S}, {@code D}, {@code Z}, …)
 * @param ppid parent's PID
 * @param pgrp process group ID
 * @param session session ID
 */
record ProcStat(long pid, char state, long ppid, long pgrp, long session) {

	/**
	 * Read a process's stat line.
	 * @param pid the process
	 * @return its fields, or {@code null} if it does not exist (or there is no
	 * {@code /proc})
	 */
	static @Nullable ProcStat read(long pid) {
		try {
			String line;
			// A plain stream: this runs for every process on each scan, and NIO's
			// readString costs more.
			try (InputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
				line = new String(in.readNBytes(4096), StandardCharsets.US_ASCII);
			}
			// The command name is in parentheses and may itself hold spaces and
			// parentheses.
			String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
			return new ProcStat(pid, fields[0].charAt(0), Long.parseLong(fields[1]), Long.parseLong(fields[2]),
					Long.parseLong(fields[3]));
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Whether it has exited but not been reaped (or is being reaped).
	 * @return {@code true} for the states {@code Z} and {@code X}
	 */
	boolean zombie() {
		return this.state == 'Z' || this.state == 'X';
	}

}
