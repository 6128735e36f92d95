package io.flushmanager.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A shell-script child written into a test directory. Every run appends its PID to
 * {@code <name>.pids}; the body (and its sub-shells) can use {@code $DIR} (the directory)
 * to leave more traces, such as marker files.
 */
public final class ScriptChild {

	private final Path dir;

	private final String name;

	private final Path script;

	private ScriptChild(Path dir, String name) {
		this.dir = dir;
		this.name = name;
		this.script = dir.resolve(name + ".sh");
	}

	/**
	 * Write an executable {@code /bin/sh} script.
	 * @param dir the directory
	 * @param name the script's base name
	 * @param body the script after the preamble that records the PID
	 * @return the child
	 */
	public static ScriptChild create(Path dir, String name, String body) {
		ScriptChild child = new ScriptChild(dir, name);
		child.write("#!/bin/sh\nexport DIR='" + dir + "'\necho $$ >> \"$DIR/" + name + ".pids\"\n" + body + "\n");
		child.executable(true);
		return child;
	}

	/**
	 * A script written before, such as by another JVM.
	 * @param script the script's path ({@code <dir>/<name>.sh})
	 * @return the child
	 */
	public static ScriptChild existing(Path script) {
		String file = script.getFileName().toString();
		return new ScriptChild(script.getParent(), file.substring(0, file.length() - ".sh".length()));
	}

	/**
	 * Replace the script's whole text (the PID preamble included, if wanted).
	 * @param text the new text
	 * @return this child
	 */
	public ScriptChild write(String text) {
		try {
			Files.writeString(this.script, text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/**
	 * Set or clear the execute permission.
	 * @param executable whether the owner may execute it
	 * @return this child
	 */
	public ScriptChild executable(boolean executable) {
		try {
			Files.setPosixFilePermissions(this.script,
					PosixFilePermissions.fromString(executable ? "rwx------" : "rw-------"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	public Path script() {
		return this.script;
	}

	public String command() {
		return this.script.toString();
	}

	/**
	 * A file in the child's directory.
	 * @param name its name
	 * @return its path
	 */
	public Path file(String name) {
		return this.dir.resolve(name);
	}

	/**
	 * The PIDs of every run so far, oldest first.
	 * @return the PIDs
	 */
	public List<Long> pids() {
		return longs(this.name + ".pids");
	}

	/**
	 * The numbers written to a file, one a line (a PID file, usually).
	 * @param file the file's name in the directory
	 * @return the numbers, or an empty list if the file does not exist
	 */
	public List<Long> longs(String file) {
		String text = read(file);
		return text.lines().map(String::strip).filter((line) -> !line.isEmpty()).map(Long::valueOf).toList();
	}

	/**
	 * A file's text.
	 * @param file the file's name in the directory
	 * @return its content, or an empty string if it does not exist
	 */
	public String read(String file) {
		try {
			Path path = file(file);
			return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
