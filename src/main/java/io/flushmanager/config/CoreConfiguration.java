package io.flushmanager.config;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.validation.Validator;

import io.flushmanager.time.Ticker;

/**
 * Beans every capability shares.
 */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {

	/**
	 * Static: it runs before any other bean is created, so a mistyped property stops the
	 * start first.
	 */
	@Bean
	static UnknownPropertiesCheck unknownPropertiesCheck() {
		return new UnknownPropertiesCheck();
	}

	/**
	 * The checks of the settings records, run while they are bound. Static and under this
	 * name: Spring Boot looks it up when it creates its binder, before other beans.
	 */
	@Bean(EnableConfigurationProperties.VALIDATOR_BEAN_NAME)
	static Validator configurationPropertiesValidator() {
		return new PropertiesValidator();
	}

	@Bean
	SetupCheck setupCheck(FlushManagerProperties properties, Environment environment) {
		return new SetupCheck(properties, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Monotonic time for every timing policy; tests replace it with a manual one. */
	@Bean
	@ConditionalOnMissingBean
	Ticker ticker() {
		return Ticker.SYSTEM;
	}

}
