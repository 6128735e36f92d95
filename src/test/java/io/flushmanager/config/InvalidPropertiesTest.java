package io.flushmanager.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.flushmanager.FlushManagerApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every invalid property stops the start with a failure-analysis block that names the
 * property, the value as written, the reason and the fix, with no stack trace first.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidPropertiesTest {

	@TempDir
	static Path dir;

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			flush-manager.watch.poll-interval | 50ms      | must be at least 100ms
			flush-manager.watch.poll-interval | soon      | is not a duration
			flush-manager.watch.debounce      | -1s       | must not be negative
			flush-manager.watch.compare       | sometimes | is not one of: content, metadata
			flush-manager.watch.missing-file  | ignore    | is not one of: wait, fail
			flush-manager.watch.history-size  | 0         | must be greater than or equal to 1
			flush-manager.child.command       | /no/such/exporter | is not an executable file
			flush-manager.child.stop-signal   | KILL      | is not one of: term, int, quit, hup, usr1, usr2
			flush-manager.child.restart-policy | sometimes | is not one of: always, on-failure, never, exit
			flush-manager.reload.strategy     | http      | must be set when flush-manager.reload.strategy=http
			""")
	void invalidValueIsExplained(String property, String value, String reason, CapturedOutput output) {
		List<String> args = new ArrayList<>();
		if (!property.equals("flush-manager.child.command")) {
			args.add("--flush-manager.child.command=sh");
		}
		args.add("--" + property + "=" + value);
		assertThatException().isThrownBy(() -> start(args));
		String expectedProperty = property.equals("flush-manager.reload.strategy") ? "flush-manager.reload.url"
				: property;
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: " + expectedProperty)
			.contains("Reason: " + reason)
			.contains("Action:");
		if (!property.equals("flush-manager.reload.strategy")) {
			assertThat(output).contains("Value: \"" + value + "\"");
		}
	}

	@Test
	void directoryGivenAsAWatchedFileIsExplained(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> start(List.of("--flush-manager.child.command=sh", "--flush-manager.watch.files=" + dir)));
		assertThat(output).contains("Property: flush-manager.watch.files[0]")
			.contains("Value: \"" + dir + "\"")
			.contains("Reason: is a directory; list the config file itself");
	}

	@Test
	void missingCommandIsExplained(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(List.of()));
		assertThat(output).contains("Property: flush-manager.child.command")
			.contains("Value: (not set)")
			.contains("Set flush-manager.child.command (or FLUSH_MANAGER_CHILD_COMMAND)");
	}

	@Test
	void theRealProcessExitsWithCodeOneAndTheAnalysisComesFirst() throws IOException, InterruptedException {
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), FlushManagerApplication.class.getName(),
				"--flush-manager.watch.compare=sometimes", "--flush-manager.child.command=sh")
			.redirectErrorStream(true)
			.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isEqualTo(1);
		assertThat(out).contains("Property: flush-manager.watch.compare").doesNotContain("\tat org.springframework");
	}

	private static void start(List<String> args) {
		new SpringApplicationBuilder(FlushManagerApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new))
			.close();
	}

}
