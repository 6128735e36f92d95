package io.flushmanager.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.FieldError;

import io.flushmanager.collect.CollectProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every limit the settings records check while they are bound, without a Spring context:
 * the binder and the validation handler Spring Boot uses, with our validator. The failure
 * analysis of these errors is InvalidPropertiesTest's.
 */
class PropertyChecksTest {

	@TempDir
	static Path dir;

	@Test
	void theDefaultsPass() {
		assertThat(bind("flush-manager", FlushManagerProperties.class, Map.of()).watch().historySize()).isEqualTo(100);
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					flush-manager.watch.poll-interval        | 99ms      | must be at least 100ms
					flush-manager.watch.debounce             | -1ms      | must not be negative
					flush-manager.watch.history-size         | 0         | must be greater than or equal to 1
					flush-manager.watch.history-size         | 100001    | must be less than or equal to 100000
					flush-manager.watch.read-timeout         | 9ms       | must be at least 10ms
					flush-manager.watch.verify-interval      | -1s       | must not be negative
					flush-manager.child.command              | /no/such/exporter | is not an executable file, and no executable of that name is on PATH
					flush-manager.child.working-dir          | /no/such/dir | is not an existing directory
					flush-manager.child.stop-timeout         | -1s       | must not be negative
					flush-manager.child.start-grace          | -1s       | must not be negative
					flush-manager.child.backoff.initial      | -1s       | must not be negative
					flush-manager.child.backoff.max          | -1s       | must not be negative
					flush-manager.child.backoff.multiplier   | 0.99      | must be greater than or equal to 1.0
					flush-manager.child.backoff.reset-after  | -1s       | must not be negative
					flush-manager.reload.timeout             | 0s        | must be at least 1ms
					flush-manager.reload.retries             | -1        | must be greater than or equal to 0
					flush-manager.reload.retries             | 101       | must be less than or equal to 100
					flush-manager.reload.min-interval        | -1s       | must not be negative
					flush-manager.reload.verify.tcp-port     | 0         | must be greater than or equal to 1
					flush-manager.reload.verify.tcp-port     | 65536     | must be less than or equal to 65535
					flush-manager.reload.verify.stable-for   | -1s       | must not be negative
					flush-manager.reload.verify.timeout      | 0s        | must be at least 1ms
					""")
	void aValueOutsideItsLimitIsRejectedUnderItsOwnName(String property, String value, String reason) {
		FieldError error = rejected("flush-manager", FlushManagerProperties.class, Map.of(property, value));
		assertThat(property).isEqualTo(error.getObjectName() + "." + KnownProperties.dashed(error.getField()));
		assertThat(error.getDefaultMessage()).isEqualTo(reason);
	}

	@Test
	void aDirectoryListedAsAWatchedFileIsRejectedByItsIndex() {
		FieldError error = rejected("flush-manager", FlushManagerProperties.class,
				Map.of("flush-manager.watch.files[0]", dir.resolve("app.conf").toString(),
						"flush-manager.watch.files[1]", dir.toString()));
		assertThat(error.getField()).isEqualTo("files[1]");
		assertThat(error.getDefaultMessage()).startsWith("is a directory; list the config file itself");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			flush-manager.collect.settle             | 9ms       | must be at least 10ms
			flush-manager.collect.concurrency        | 0         | must be greater than or equal to 1
			flush-manager.collect.concurrency        | 65        | must be less than or equal to 64
			flush-manager.collect.notify.timeout     | 0s        | must be at least 1ms
			flush-manager.collect.retry.initial      | -1s       | must not be negative
			flush-manager.collect.retry.max          | -1s       | must not be negative
			flush-manager.collect.retry.max-attempts | 0         | must be greater than or equal to 1
			""")
	void collectionLimitsAreCheckedTheSameWay(String property, String value, String reason) {
		Map<String, String> properties = new LinkedHashMap<>(Map.of("flush-manager.collect.dirs", "/var/coredumps",
				"flush-manager.collect.state-dir", "/var/lib/flush-manager", "flush-manager.collect.target", "none"));
		properties.put(property, value);
		FieldError error = rejected("flush-manager.collect", CollectProperties.class, properties);
		assertThat(property).isEqualTo(error.getObjectName() + "." + KnownProperties.dashed(error.getField()));
		assertThat(error.getDefaultMessage()).isEqualTo(reason);
	}

	private static FieldError rejected(String prefix, Class<?> type, Map<String, String> properties) {
		BindException failure = assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(prefix, type, properties))
			.actual();
		assertThat(failure.getCause()).isInstanceOf(BindValidationException.class);
		var errors = ((BindValidationException) failure.getCause()).getValidationErrors().getAllErrors();
		assertThat(errors).hasSize(1);
		return (FieldError) errors.get(0);
	}

	private static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
		Map<String, String> all = new LinkedHashMap<>(properties);
		all.putIfAbsent("flush-manager.child.command", "sh");
		return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate(prefix, Bindable.of(type),
				new ValidationBindHandler(new PropertiesValidator()));
	}

}
