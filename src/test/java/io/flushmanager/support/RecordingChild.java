package io.flushmanager.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A real child for tests: a shell script that appends {@code <pid> START <config>} to a
 * record file when it starts, {@code <pid> HUP <config>} on SIGHUP, and exits cleanly on
 * SIGTERM.
 */
public final class RecordingChild {

	private final Path script;

	private final Path record;

	private RecordingChild(Path script, Path record) {
		this.script = script;
		this.record = record;
	}

	/**
	 * Write the script into a directory.
	 * @param dir where to put the script and its record
	 * @return the child
	 * @throws IOException on a filesystem error
	 */
	public static RecordingChild in(Path dir) throws IOException {
		Path script = dir.resolve("recording-child.sh");
		Path record = dir.resolve("recording-child.log");
		Files.writeString(script, """
				#!/bin/sh
				conf="$1"; record="$2"
				echo "$$ START $(tr '\\n' ' ' < "$conf")" >> "$record"
				trap 'echo "$$ HUP $(tr "\\n" " " < "$conf")" >> "$record"' HUP
				trap 'exit 0' TERM
				while :; do sleep 1 & wait $!; done
				""");
		return new RecordingChild(script, record);
	}

	public Path script() {
		return this.script;
	}

	public Path record() {
		return this.record;
	}

	/**
	 * The lines recorded so far, each {@code <pid> <event> <config>}.
	 * @return the lines
	 */
	public List<Entry> entries() {
		return Entry.read(this.record);
	}

	public Optional<Entry> last() {
		List<Entry> entries = entries();
		return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
	}

	/**
	 * One recorded line.
	 *
	 * @param pid the child's PID
	 * @param event {@code START} or {@code HUP}
	 * @param config the config it read, newlines as spaces
	 */
	public record Entry(long pid, String event, String config) {

		/**
		 * The lines of a record file in this format, written by this script or by any
		 * other test child that records its reads the same way.
		 * @param record the record file
		 * @return the lines so far, none when there is no file yet
		 */
		public static List<Entry> read(Path record) {
			try {
				if (!Files.exists(record)) {
					return List.of();
				}
				return Files.readAllLines(record)
					.stream()
					.filter((line) -> !line.isBlank())
					.map((line) -> line.split(" ", 3))
					.map((parts) -> new Entry(Long.parseLong(parts[0]), parts[1],
							(parts.length > 2) ? parts[2].strip() : ""))
					.toList();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		public boolean alive() {
			return ProcessHandle.of(this.pid).map(ProcessHandle::isAlive).orElse(false);
		}

	}

}
