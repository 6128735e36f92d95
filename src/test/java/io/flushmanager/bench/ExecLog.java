package io.flushmanager.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.flushmanager.bench.Workload.State;
import io.flushmanager.support.Waits;

/**
 * The record the benchmark's child keeps: one line per exec, written by the child before
 * anything else and without forking ({@code $EPOCHREALTIME}, {@code read} and
 * {@code printf} are bash builtins), so that its timestamp is the new child's exec. The
 * child then execs {@code sleep}, which dies at once on SIGTERM.
 */
final class ExecLog {

	private static final String SCRIPT = """
			#!/bin/bash
			# flush-manager benchmark child: records <exec time>|<pid>|<len>|<first line>|<len>|<first line>
			# of the two config files, then sleeps until it is stopped.
			t=$EPOCHREALTIME
			IFS= read -r -d '' a < "$1"
			IFS= read -r -d '' b < "$2"
			printf '%s|%s|%s|%s|%s|%s\\n' "$t" "$$" "${#a}" "${a%%$'\\n'*}" "${#b}" "${b%%$'\\n'*}" >> "$3"
			exec sleep 2147483647
			""";

	private final Path file;

	private final List<Exec> execs = new ArrayList<>();

	private long offset;

	private String partial = "";

	ExecLog(Path file) {
		this.file = file;
	}

	/**
	 * Write the child script.
	 * @param dir where
	 * @return its path
	 * @throws IOException on a filesystem error
	 */
	static Path writeChild(Path dir) throws IOException {
		Path script = dir.resolve("bench-child.sh");
		Files.writeString(script, SCRIPT);
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		return script;
	}

	/**
	 * One exec of the child.
	 *
	 * @param micros wall-clock time of the exec, in microseconds since the epoch
	 * @param pid its PID
	 * @param state what it read
	 */
	record Exec(long micros, long pid, State state) {

	}

	/**
	 * Read what was appended since the last call.
	 * @return every exec so far
	 */
	synchronized List<Exec> refresh() {
		try {
			if (!Files.exists(this.file)) {
				return List.copyOf(this.execs);
			}
			long size = Files.size(this.file);
			if (size > this.offset) {
				byte[] bytes;
				try (var channel = Files.newByteChannel(this.file)) {
					channel.position(this.offset);
					java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) (size - this.offset));
					while (buffer.hasRemaining() && channel.read(buffer) > 0) {
						// Fill.
					}
					bytes = java.util.Arrays.copyOf(buffer.array(), buffer.position());
				}
				this.offset += bytes.length;
				String text = this.partial + new String(bytes, StandardCharsets.UTF_8);
				int end = text.lastIndexOf('\n');
				this.partial = text.substring(end + 1);
				if (end >= 0) {
					for (String line : text.substring(0, end).split("\n")) {
						if (!line.isBlank()) {
							this.execs.add(parse(line));
						}
					}
				}
			}
			return List.copyOf(this.execs);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Exec parse(String line) {
		String[] f = line.split("\\|", -1);
		String[] time = f[0].split("[.,]");
		long micros = Long.parseLong(time[0]) * 1_000_000 + Long.parseLong(time[1]);
		return new Exec(micros, Long.parseLong(f[1]),
				new State(Integer.parseInt(f[2]), f[3], Integer.parseInt(f[4]), f[5]));
	}

	/**
	 * Wait until a child exec'd after a time and read a state.
	 * @param sinceMicros earliest exec time
	 * @param state the state
	 * @param timeoutMillis how long to wait
	 * @return whether it happened
	 */
	boolean await(long sinceMicros, State state, long timeoutMillis) {
		return Waits.within(Duration.ofMillis(timeoutMillis), () -> refresh().stream()
			.anyMatch((exec) -> exec.micros() >= sinceMicros && exec.state().equals(state)));
	}

	/**
	 * Wait for the first exec.
	 * @param timeoutMillis how long
	 * @return it, or {@code null}
	 */
	Exec awaitFirst(long timeoutMillis) {
		return Waits.within(Duration.ofMillis(timeoutMillis), () -> !refresh().isEmpty()) ? refresh().get(0) : null;
	}

}
