package io.flushmanager.config;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves a command the way a shell does: a name with a slash is a path, any other name
 * is looked up on {@code PATH}.
 */
public final class CommandResolver {

	private CommandResolver() {
	}

	/**
	 * Resolve a command to an executable file.
	 * @param command a path or a bare name
	 * @return the absolute path of the executable, or empty if there is none
	 */
	public static Optional<Path> resolve(String command) {
		try {
			if (command.contains("/")) {
				return executable(Path.of(command));
			}
			String path = System.getenv("PATH");
			if (path == null) {
				return Optional.empty();
			}
			for (String dir : path.split(File.pathSeparator)) {
				if (!dir.isEmpty()) {
					Optional<Path> found = executable(Path.of(dir, command));
					if (found.isPresent()) {
						return found;
					}
				}
			}
			return Optional.empty();
		}
		catch (InvalidPathException ex) {
			return Optional.empty();
		}
	}

	private static Optional<Path> executable(Path candidate) {
		return (Files.isRegularFile(candidate) && Files.isExecutable(candidate))
				? Optional.of(candidate.toAbsolutePath()) : Optional.empty();
	}

}
