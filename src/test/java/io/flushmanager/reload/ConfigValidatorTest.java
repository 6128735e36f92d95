package io.flushmanager.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.config.ReloadProperties;
import io.flushmanager.config.ReloadProperties.HttpMethod;
import io.flushmanager.config.ReloadProperties.ReloadStrategy;
import io.flushmanager.config.Signal;
import io.flushmanager.config.VerifyProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validate command runs for real, with the changed paths as its last arguments.
 */
class ConfigValidatorTest {

	@TempDir
	Path dir;

	@Test
	void acceptsWhenTheCommandExitsZeroAndPassesThePaths() throws IOException {
		Path seen = this.dir.resolve("seen");
		Path conf = this.dir.resolve("app.conf");
		ConfigValidator validator = new ConfigValidator(List.of("sh", "-c", "echo \"$@\" > " + seen, "sh"),
				Duration.ofSeconds(10), System.getenv());
		assertThat(validator.validate(List.of(conf)).accepted()).isTrue();
		assertThat(Files.readString(seen).strip()).isEqualTo(conf.toString());
	}

	@Test
	void aCommandLineStringRunsThroughTheShell() throws IOException {
		Path conf = this.dir.resolve("app.conf");
		Files.writeString(conf, "valid=true\n");
		ConfigValidator validator = new ConfigValidator(reload(List.of("grep -q valid=true")).validateArgv(),
				Duration.ofSeconds(10), System.getenv());
		assertThat(validator.validate(List.of(conf)).accepted()).isTrue();
		Files.writeString(conf, "valid=false\n");
		assertThat(validator.validate(List.of(conf)).accepted()).isFalse();
	}

	private static ReloadProperties reload(List<String> validateCommand) {
		return new ReloadProperties(ReloadStrategy.RESTART, Signal.HUP, null, HttpMethod.POST, Duration.ofSeconds(5), 3,
				validateCommand, Duration.ZERO, null,
				new VerifyProperties(null, null, null, Duration.ZERO, Duration.ofSeconds(30)), null,
				ReloadProperties.Diff.OFF);
	}

	@Test
	void rejectsOnNonZeroExitWithTheStderrTail() {
		ConfigValidator validator = new ConfigValidator(List.of("sh", "-c",
				"head -c 5000 /dev/zero | tr '\\\\0' x >&2; echo ' line 3: bad key' >&2; exit 3", "sh"),
				Duration.ofSeconds(10), System.getenv());
		ConfigValidator.Result result = validator.validate(List.of(this.dir.resolve("app.conf")));
		assertThat(result.accepted()).isFalse();
		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.stderrTail()).endsWith("line 3: bad key").hasSizeLessThanOrEqualTo(2048);
		assertThat(result.cause()).isEqualTo("validate command exited 3");
	}

	@Test
	void rejectsOnTimeoutAndMissingCommand() {
		ConfigValidator slow = new ConfigValidator(List.of("sleep", "30"), Duration.ofMillis(300), System.getenv());
		ConfigValidator.Result timedOut = slow.validate(List.of());
		assertThat(timedOut.stderrTail()).startsWith("timed out");
		assertThat(timedOut.cause()).isEqualTo("validate command timed out after 300ms");
		ConfigValidator missing = new ConfigValidator(List.of("/no/such/validator"), Duration.ofSeconds(5),
				System.getenv());
		ConfigValidator.Result notStarted = missing.validate(List.of());
		assertThat(notStarted.accepted()).isFalse();
		assertThat(notStarted.cause()).startsWith("validate command could not be started");
	}

	@Test
	void anInterruptedValidationIsARejection() {
		ConfigValidator slow = new ConfigValidator(List.of("sleep", "30"), Duration.ofSeconds(30), System.getenv());
		Thread.currentThread().interrupt();
		try {
			ConfigValidator.Result result = slow.validate(List.of());
			assertThat(result.accepted()).isFalse();
			assertThat(result.cause()).isEqualTo("validation interrupted");
		}
		finally {
			assertThat(Thread.interrupted()).as("interrupt kept").isTrue();
		}
	}

	@Test
	void aClosedValidatorStillDecidesByTheExitCode() {
		ConfigValidator validator = new ConfigValidator(List.of("sh", "-c", "echo oops >&2; exit 0", "sh"),
				Duration.ofSeconds(10), System.getenv());
		validator.close();
		ConfigValidator.Result result = validator.validate(List.of());
		assertThat(result.accepted()).isTrue();
		assertThat(result.cause()).isNull();
	}

}
