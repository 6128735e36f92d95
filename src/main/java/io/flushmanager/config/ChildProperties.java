package io.flushmanager.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The supervised child process.
 *
 * @param name name used in logs (defaults to the command's file name)
 * @param command executable: an absolute path, or a name looked up on the PATH; required
 * unless the service only collects (SetupCheck)
 * @param args arguments
 * @param workingDir working directory (defaults to the service's own)
 * @param env extra environment variables
 * @param envRemove names of the service's environment variables the child does not
 * inherit (besides every FLUSH_MANAGER_ variable, which it never inherits)
 * @param inheritEnv whether the child starts from the service's environment; when false
 * it gets only the variables set in env
 * @param stopSignal signal for a graceful stop
 * @param stopTimeout wait after the stop signal before SIGKILL of the whole process tree
 * @param restartPolicy what an exit nobody asked for leads to
 * @param startGrace how long the child must stay up to count as started
 * @param backoff delays between restarts after exits
 * @param output {@code log} wraps, levels and escapes the child's lines;
 * {@code passthrough} copies its bytes unchanged to the service's stdout and stderr
 */
public record ChildProperties(@Nullable String name, @Nullable String command, @DefaultValue List<String> args,
		@Nullable Path workingDir, @DefaultValue Map<String, String> env, @DefaultValue List<String> envRemove,
		@DefaultValue("true") boolean inheritEnv, @DefaultValue("TERM") Signal stopSignal,
		@DefaultValue("10s") Duration stopTimeout, @DefaultValue("always") RestartPolicy restartPolicy,
		@DefaultValue("1s") Duration startGrace, @NestedConfigurationProperty @DefaultValue BackoffProperties backoff,
		@DefaultValue("log") Output output) implements CheckedProperties {

	@Override
	public void check(PropertyChecks checks) {
		// Resolved the way the supervisor will: a name is looked up on PATH.
		checks.require("command",
				this.command == null || this.command.isBlank() || CommandResolver.resolve(this.command).isPresent(),
				"is not an executable file, and no executable of that name is on PATH");
		checks.require("workingDir", this.workingDir == null || Files.isDirectory(this.workingDir),
				"is not an existing directory");
		checks.atLeast("stopTimeout", this.stopTimeout, 0);
		checks.atLeast("startGrace", this.startGrace, 0);
	}

	/**
	 * The same settings with one more environment variable for the child.
	 * @param name the variable
	 * @param value its value
	 * @return a copy
	 */
	public ChildProperties withEnv(String name, String value) {
		Map<String, String> more = new java.util.LinkedHashMap<>(this.env);
		more.put(name, value);
		return new ChildProperties(this.name, this.command, this.args, this.workingDir, more, this.envRemove,
				this.inheritEnv, this.stopSignal, this.stopTimeout, this.restartPolicy, this.startGrace, this.backoff,
				this.output);
	}

	/**
	 * The name shown in logs: {@link #name()} or the command's file name.
	 * @return the display name
	 */
	public String displayName() {
		if (this.name != null && !this.name.isBlank()) {
			return this.name;
		}
		return (this.command != null) ? Path.of(this.command).getFileName().toString() : "child";
	}

	/** What an exit nobody asked for leads to. */
	public enum RestartPolicy {

		/** Always start it again. */
		ALWAYS,
		/** Start it again after a non-zero exit or a signal. */
		ON_FAILURE,
		/** Stay stopped. */
		NEVER,
		/** The service exits with the child's exit code. */
		EXIT

	}

	/** Where the child's stdout and stderr go. */
	public enum Output {

		/**
		 * Logged line by line with the child's name and PID, at the child's own level,
		 * control bytes escaped.
		 */
		LOG,
		/** Copied byte for byte to the service's own stdout and stderr. */
		PASSTHROUGH

	}

}
