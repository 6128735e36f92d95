package io.flushmanager.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * All settings of flush-manager, bound from the {@code flush-manager} prefix (HELP.md,
 * "Configuration").
 *
 * @param watch which files to watch and how
 * @param child the supervised child process
 * @param reload how a confirmed change reaches the child
 * @param security protection of the mutating HTTP calls
 */
@ConfigurationProperties("flush-manager")
public record FlushManagerProperties(@DefaultValue Watch watch, @DefaultValue Child child, @DefaultValue Reload reload,
		@DefaultValue Security security) {

	/**
	 * Watching settings.
	 *
	 * @param files config files; a change of any of them reloads the child
	 * @param nativeEvents whether to use the kernel's change events (inotify) beside
	 * polling
	 * @param pollInterval polling fallback interval, always on beside native events
	 * (minimum 100ms)
	 * @param debounce quiet period after the last observed change before acting on it
	 * @param compare with content, only a change of the bytes reloads; with metadata, any
	 * inode, mtime or size change does
	 * @param historySize change-history entries kept per file
	 * @param missingFile what to do with a watched file that is absent at start
	 * @param maxFileSize a watched file larger than this is recorded by stat alone (no
	 * content hash)
	 * @param readTimeout a content read that takes longer is abandoned and the file
	 * marked
	 * @param verifyInterval a file whose stat has not changed is hashed again after this
	 * long anyway, so that a write the timestamps cannot show (a server clock on NFS) is
	 * not missed for longer than this
	 */
	public record Watch(@DefaultValue List<Path> files, @DefaultValue("true") boolean nativeEvents,
			@DefaultValue("5s") Duration pollInterval, @DefaultValue("500ms") Duration debounce,
			@DefaultValue("content") Compare compare, @DefaultValue("100") int historySize,
			@DefaultValue("wait") MissingFile missingFile, @DefaultValue("16MB") DataSize maxFileSize,
			@DefaultValue("2s") Duration readTimeout,
			@DefaultValue("1m") Duration verifyInterval) implements CheckedProperties {

		public Watch {
			if (maxFileSize.isNegative()) {
				throw new InvalidPropertyException("flush-manager.watch.max-file-size", maxFileSize.toString(),
						"must not be negative", "Give a size such as 16MB or 512KB.");
			}
		}

		@Override
		public void check(PropertyChecks checks) {
			for (int i = 0; i < this.files.size(); i++) {
				Path file = this.files.get(i);
				checks.require("files[" + i + "]", file != null, "must not be null");
				checks.require("files[" + i + "]", file == null || !Files.isDirectory(file),
						"is a directory; list the config file itself (for a ConfigMap mount, <mountPath>/<key>)");
			}
			checks.atLeast("pollInterval", this.pollInterval, 100);
			checks.atLeast("debounce", this.debounce, 0);
			checks.between("historySize", this.historySize, 1, 100_000);
			checks.atLeast("readTimeout", this.readTimeout, 10);
			checks.atLeast("verifyInterval", this.verifyInterval, 0);
		}

	}

	/**
	 * The supervised child process.
	 *
	 * @param name name used in logs (defaults to the command's file name)
	 * @param command executable: an absolute path, or a name looked up on the PATH;
	 * required unless the service only collects (SetupCheck)
	 * @param args arguments
	 * @param workingDir working directory (defaults to the service's own)
	 * @param env extra environment variables
	 * @param envRemove names of the service's environment variables the child does not
	 * inherit (besides every FLUSH_MANAGER_ variable, which it never inherits)
	 * @param inheritEnv whether the child starts from the service's environment; when
	 * false it gets only the variables set in env
	 * @param stopSignal signal for a graceful stop
	 * @param stopTimeout wait after the stop signal before SIGKILL of the whole process
	 * tree
	 * @param restartPolicy what an exit nobody asked for leads to
	 * @param startGrace how long the child must stay up to count as started
	 * @param backoff delays between restarts after exits
	 * @param output {@code log} wraps, levels and escapes the child's lines;
	 * {@code passthrough} copies its bytes unchanged to the service's stdout and stderr
	 */
	public record Child(@Nullable String name, @Nullable String command, @DefaultValue List<String> args,
			@Nullable Path workingDir, @DefaultValue Map<String, String> env, @DefaultValue List<String> envRemove,
			@DefaultValue("true") boolean inheritEnv, @DefaultValue("TERM") Signal stopSignal,
			@DefaultValue("10s") Duration stopTimeout, @DefaultValue("always") RestartPolicy restartPolicy,
			@DefaultValue("1s") Duration startGrace, @DefaultValue Backoff backoff,
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
		public Child withEnv(String name, String value) {
			Map<String, String> more = new java.util.LinkedHashMap<>(this.env);
			more.put(name, value);
			return new Child(this.name, this.command, this.args, this.workingDir, more, this.envRemove, this.inheritEnv,
					this.stopSignal, this.stopTimeout, this.restartPolicy, this.startGrace, this.backoff, this.output);
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

	}

	/**
	 * Restart backoff.
	 *
	 * @param initial first delay
	 * @param max largest delay
	 * @param multiplier growth factor per consecutive exit
	 * @param resetAfter a child that ran this long resets the delay to the initial one
	 */
	public record Backoff(@DefaultValue("1s") Duration initial, @DefaultValue("5m") Duration max,
			@DefaultValue("2.0") double multiplier,
			@DefaultValue("10m") Duration resetAfter) implements CheckedProperties {

		@Override
		public void check(PropertyChecks checks) {
			checks.atLeast("initial", this.initial, 0);
			checks.atLeast("max", this.max, 0);
			checks.atLeast("multiplier", this.multiplier, 1.0);
			checks.atLeast("resetAfter", this.resetAfter, 0);
		}

	}

	/**
	 * Reload settings.
	 *
	 * @param strategy how the child is told about a change
	 * @param signal signal sent by the signal strategy
	 * @param url webhook called by the http strategy
	 * @param method HTTP method of the webhook
	 * @param timeout timeout of one webhook call, and of the validate command
	 * @param retries webhook retries after the first attempt
	 * @param validateCommand command run before a reload with the changed paths as its
	 * last arguments
	 * @param minInterval at most one config-driven reload per interval
	 * @param stageDir where accepted config is staged for the child (a reload
	 * transaction, HELP.md "Reload as a transaction"); unset, the child reads the watched
	 * files directly
	 * @param verify checks after every reload
	 * @param rollback on a failed verification, restore the last good staged content
	 * (default true with a stage dir)
	 * @param diff {@code redacted} logs a changed text file's lines with secret-looking
	 * values masked
	 */
	public record Reload(@DefaultValue("restart") ReloadStrategy strategy, @DefaultValue("HUP") Signal signal,
			@Nullable URI url, @DefaultValue("POST") HttpMethod method, @DefaultValue("5s") Duration timeout,
			@DefaultValue("3") int retries, @DefaultValue List<String> validateCommand,
			@DefaultValue("0s") Duration minInterval, @Nullable Path stageDir, @DefaultValue Verify verify,
			@Nullable Boolean rollback, @DefaultValue("off") Diff diff) implements CheckedProperties {

		public Reload {
			if (strategy == ReloadStrategy.HTTP && url == null) {
				throw new InvalidPropertyException("flush-manager.reload.url", null,
						"must be set when flush-manager.reload.strategy=http",
						"Set flush-manager.reload.url to the child's reload webhook, "
								+ "or choose flush-manager.reload.strategy=restart or signal.");
			}
			if (url != null && !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
				throw new InvalidPropertyException("flush-manager.reload.url", url.toString(),
						"must be an http or https URL", "Use a URL such as http://127.0.0.1:9121/-/reload.");
			}
			// The program must exist now: otherwise every change would be rejected later.
			// A shell command line
			// names "sh", so only the shell can check the rest of it.
			if (!validateCommand.isEmpty() && CommandResolver.resolve(argv(validateCommand).get(0)).isEmpty()) {
				throw new InvalidPropertyException("flush-manager.reload.validate-command",
						String.join(",", validateCommand),
						"is not an executable file, and no executable of that name is on PATH",
						"Point it at the validator (absolute path or a name on PATH), give a shell command line "
								+ "such as \"exporter --check-config\", or leave it unset.");
			}
		}

		@Override
		public void check(PropertyChecks checks) {
			checks.atLeast("timeout", this.timeout, 1);
			checks.between("retries", this.retries, 0, 100);
			checks.atLeast("minInterval", this.minInterval, 0);
		}

		/**
		 * The validate command as the program and its leading arguments; the changed
		 * paths follow them.
		 * @return the command, empty when none is set
		 */
		public List<String> validateArgv() {
			return argv(this.validateCommand);
		}

		/**
		 * Whether a failed verification rolls back: only with a stage dir, unless
		 * switched off.
		 * @return {@code true} to roll back
		 */
		public boolean rollsBack() {
			return this.stageDir != null && !Boolean.FALSE.equals(this.rollback);
		}

		/**
		 * A list names the program; one string with spaces ("exporter --check") is a
		 * shell command line.
		 */
		private static List<String> argv(List<String> validateCommand) {
			if (validateCommand.size() == 1 && validateCommand.get(0).strip().contains(" ")) {
				return List.of("sh", "-c", validateCommand.get(0) + " \"$@\"", "sh");
			}
			return validateCommand;
		}

	}

	/**
	 * Checks after a reload; all that are set must pass (they combine with "and") within
	 * {@code timeout}.
	 *
	 * @param httpUrl this URL must answer 2xx
	 * @param tcpPort this port on the loopback must accept a connection
	 * @param logPattern a line of the child's output must match this regex
	 * @param stableFor the child must stay running this long
	 * @param timeout how long verification may take
	 */
	public record Verify(@Nullable URI httpUrl, @Nullable Integer tcpPort, @Nullable String logPattern,
			@DefaultValue("0s") Duration stableFor,
			@DefaultValue("30s") Duration timeout) implements CheckedProperties {

		public Verify {
			if (logPattern != null) {
				try {
					java.util.regex.Pattern.compile(logPattern);
				}
				catch (java.util.regex.PatternSyntaxException ex) {
					throw new InvalidPropertyException("flush-manager.reload.verify.log-pattern", logPattern,
							"is not a regular expression: " + ex.getDescription(),
							"Give a Java regular expression such as \"listening on :9121\".");
				}
			}
		}

		@Override
		public void check(PropertyChecks checks) {
			if (this.tcpPort != null) {
				checks.between("tcpPort", this.tcpPort, 1, 65535);
			}
			checks.atLeast("stableFor", this.stableFor, 0);
			checks.atLeast("timeout", this.timeout, 1);
		}

		/**
		 * Whether any check is set.
		 * @return {@code true} when a reload is verified
		 */
		public boolean configured() {
			return this.httpUrl != null || this.tcpPort != null || this.logPattern != null || !this.stableFor.isZero();
		}

	}

	/** What a reload logs of a changed file. */
	public enum Diff {

		/** Nothing but hashes and sizes. */
		OFF,
		/** Changed lines of text files up to 64 KiB, secret-looking values masked. */
		REDACTED

	}

	/**
	 * Protection of mutating calls.
	 *
	 * @param token when set, mutating calls need an Authorization header with this bearer
	 * token
	 */
	public record Security(@Nullable String token) {

	}

	/** How two snapshots are compared. */
	public enum Compare {

		/** Reload only when the bytes changed (SHA-256). */
		CONTENT,
		/** Any inode, mtime or size change reloads. */
		METADATA

	}

	/** What a watched file absent at start leads to. */
	public enum MissingFile {

		/** Warn, keep watching, treat its appearance as a change. */
		WAIT,
		/** Refuse to start. */
		FAIL

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

	/** How a confirmed change reaches the child. */
	public enum ReloadStrategy {

		/** Stop, then start. */
		RESTART,
		/** Send {@code reload.signal} to the child. */
		SIGNAL,
		/** Call {@code reload.url}. */
		HTTP

	}

	/** HTTP methods allowed for the reload webhook. */
	public enum HttpMethod {

		POST, PUT, GET

	}

}
