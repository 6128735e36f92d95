package io.flushmanager.config;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.flushmanager.FlushManagerApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A property under {@code flush-manager.} that names nothing stops the start, naming the
 * nearest known property, wherever it was written; map entries, list items, relaxed forms
 * and Kubernetes service links are not unknown.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertiesTest {

	@TempDir
	Path dir;

	@Test
	void aTypoInYamlStopsTheStartNamingTheNearestProperty(CapturedOutput output) throws IOException {
		Path yaml = this.dir.resolve("extra.yaml");
		Files.writeString(yaml, """
				flush-manager:
				  child:
				    command: sh
				    comand: sh
				""");
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(FlushManagerApplication.class).web(WebApplicationType.NONE)
				.run("--spring.config.additional-location=file:" + yaml)
				.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: flush-manager.child.comand")
			.contains("extra.yaml")
			.contains("did you mean flush-manager.child.command?")
			.contains("HELP.md")
			.doesNotContain("Value: \"sh\"");
	}

	@Test
	void typosInAnEnvironmentVariableAndOnTheCommandLineExitWithCodeOne() throws Exception {
		Ended ended = run(Map.of("FLUSH_MANAGER_WATCH_DEBOUNSE", "1s", "FLUSH_MANAGER_SECURITY_TOKN", "s3cret"),
				List.of("--flush-manager.child.command=sh", "--flush-manager.watch.pol-interval=1s"));
		assertThat(ended.exitCode()).isEqualTo(1);
		assertThat(ended.output()).contains("APPLICATION FAILED TO START")
			.contains("Property: FLUSH_MANAGER_WATCH_DEBOUNSE")
			.contains("did you mean FLUSH_MANAGER_WATCH_DEBOUNCE (flush-manager.watch.debounce)?")
			.contains("Property: FLUSH_MANAGER_SECURITY_TOKN")
			.contains("Property: flush-manager.watch.pol-interval")
			.contains("did you mean flush-manager.watch.poll-interval?")
			.doesNotContain("s3cret")
			.doesNotContain("\tat org.springframework");
	}

	@Test
	void mapEntriesListItemsRelaxedFormsAndServiceLinksAreKnown() {
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("FLUSH_MANAGER_SERVICE_HOST", "10.0.0.7");
		variables.put("FLUSH_MANAGER_SERVICE_PORT", "8080");
		variables.put("FLUSH_MANAGER_SERVICE_PORT_HTTP", "8080");
		variables.put("FLUSH_MANAGER_PORT", "tcp://10.0.0.7:8080");
		variables.put("FLUSH_MANAGER_PORT_8080_TCP_ADDR", "10.0.0.7");
		variables.put("FLUSH_MANAGER_CHILD_ENV_REDIS_ADDR", "redis:6379");
		variables.put("FLUSH_MANAGER_CHILD_STOP_TIMEOUT", "3s");
		variables.put("FLUSH_MANAGER_CHILD_STOPTIMEOUT", "3s");
		variables.put("FLUSH_MANAGER_CHILD_BACKOFF_RESET_AFTER", "1m");
		variables.put("FLUSH_MANAGER_CHILD_ARGS_0_", "-v");
		variables.put("FLUSH_MANAGER_WATCH_FILES", "/etc/app/app.conf");
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("flush-manager.child.env.LOG_LEVEL", "debug");
		properties.put("flush-manager.child.env.with.dots", "x");
		properties.put("flush-manager.child.stopTimeout", "2s");
		properties.put("flush-manager.child.args[1]", "x");
		properties.put("flush-manager.watch.files[0]", "/a");
		properties.put("flush-manager.reload.validate-command", "true");
		properties.put("flush-manager.demo.dir", "/tmp/demo");
		assertThatNoException().isThrownBy(() -> check(variables, properties));
	}

	@Test
	void aRecordComponentIsKnownWithoutBeingListedAnywhere() {
		KnownProperties known = new KnownProperties();
		known.addRecord("flush-manager.extra", Extra.class);
		assertThat(known.acceptsVariable("FLUSH_MANAGER_EXTRA_READ_TIMEOUT")).isTrue();
		assertThat(known.acceptsVariable("FLUSH_MANAGER_EXTRA_INNER_MAX_FILE_SIZE")).isTrue();
		assertThat(known.acceptsVariable("FLUSH_MANAGER_EXTRA_INNER_MAX_FILE")).isFalse();
		assertThat(known.names()).contains("flush-manager.extra.read-timeout",
				"flush-manager.extra.inner.max-file-size");
	}

	@Test
	void unknownNamesAreReportedTogether() {
		assertThatException()
			.isThrownBy(() -> check(Map.of("FLUSH_MANAGER_CHILD_COMMAN", "sh"),
					Map.of("flush-manager.reload.stategy", "signal", "flush-manager.watchh.files", "/a")))
			.isInstanceOfSatisfying(UnknownPropertiesException.class,
					(ex) -> assertThat(ex.getProblems()).extracting(InvalidPropertyException::getProperty)
						.containsExactlyInAnyOrder("FLUSH_MANAGER_CHILD_COMMAN", "flush-manager.reload.stategy",
								"flush-manager.watchh.files"));
	}

	record Extra(java.time.Duration readTimeout, Inner inner) {

		record Inner(long maxFileSize) {

		}

	}

	private static void check(Map<String, Object> variables, Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					variables));
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		UnknownPropertiesCheck check = new UnknownPropertiesCheck();
		check.setEnvironment(environment);
		check.postProcessBeanFactory(new DefaultListableBeanFactory());
	}

	private static Ended run(Map<String, String> variables, List<String> args) throws Exception {
		List<String> command = new java.util.ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
						FlushManagerApplication.class.getName()));
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		builder.environment().putAll(variables);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Ended(process.exitValue(), output);
	}

	private record Ended(int exitCode, String output) {

	}

}
