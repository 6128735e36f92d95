package io.flushmanager.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reload settings.
 *
 * @param strategy how the child is told about a change
 * @param signal signal sent by the signal strategy
 * @param url webhook called by the http strategy
 * @param method HTTP method of the webhook
 * @param timeout timeout of one webhook call, and of the validate command
 * @param retries webhook retries after the first attempt
 * @param validateCommand command run before a reload with the changed paths as its last
 * arguments
 * @param minInterval at most one config-driven reload per interval
 * @param stageDir where accepted config is staged for the child (a reload transaction,
 * HELP.md "Reload as a transaction"); unset, the child reads the watched files directly
 * @param verify checks after every reload
 * @param rollback on a failed verification, restore the last good staged content (default
 * true with a stage dir)
 * @param diff {@code redacted} logs a changed text file's lines with secret-looking
 * values masked
 */
public record ReloadProperties(@DefaultValue("restart") ReloadStrategy strategy, @DefaultValue("HUP") Signal signal,
		@Nullable URI url, @DefaultValue("POST") HttpMethod method, @DefaultValue("5s") Duration timeout,
		@DefaultValue("3") int retries, @DefaultValue List<String> validateCommand,
		@DefaultValue("0s") Duration minInterval, @Nullable Path stageDir,
		@NestedConfigurationProperty @DefaultValue VerifyProperties verify, @Nullable Boolean rollback,
		@DefaultValue("off") Diff diff) implements CheckedProperties {

	public ReloadProperties {
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
	 * The validate command as the program and its leading arguments; the changed paths
	 * follow them.
	 * @return the command, empty when none is set
	 */
	public List<String> validateArgv() {
		return argv(this.validateCommand);
	}

	/**
	 * Whether a failed verification rolls back: only with a stage dir, unless switched
	 * off.
	 * @return {@code true} to roll back
	 */
	public boolean rollsBack() {
		return this.stageDir != null && !Boolean.FALSE.equals(this.rollback);
	}

	/**
	 * A list names the program; one string with spaces ("exporter --check") is a shell
	 * command line.
	 */
	private static List<String> argv(List<String> validateCommand) {
		if (validateCommand.size() == 1 && validateCommand.get(0).strip().contains(" ")) {
			return List.of("sh", "-c", validateCommand.get(0) + " \"$@\"", "sh");
		}
		return validateCommand;
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

	/** What a reload logs of a changed file. */
	public enum Diff {

		/** Nothing but hashes and sizes. */
		OFF,
		/** Changed lines of text files up to 64 KiB, secret-looking values masked. */
		REDACTED

	}

}
