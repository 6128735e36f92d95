package io.flushmanager.web;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;

/**
 * Keeps Spring MVC from building a Jackson 2 YAML converter (an ObjectMapper and ~450
 * classes) just because fabric8 puts jackson-dataformat-yaml on the classpath: the YAML
 * slot gets a converter that converts nothing. The API answers JSON only (a YAML-only
 * Accept header gets 406).
 */
@Configuration(proxyBeanMethods = false)
class NoYamlConverter {

	@Bean
	ServerHttpMessageConvertersCustomizer yamlSlotFilled() {
		return (builder) -> builder.withYamlConverter(new NoYaml());
	}

	/**
	 * Claims application/yaml so that the slot is filled, and reads or writes nothing.
	 */
	static final class NoYaml extends AbstractHttpMessageConverter<Object> {

		NoYaml() {
			super(MediaType.APPLICATION_YAML);
		}

		@Override
		protected boolean supports(Class<?> type) {
			return false;
		}

		@Override
		protected Object readInternal(Class<?> type, HttpInputMessage input) {
			throw new UnsupportedOperationException("no YAML");
		}

		@Override
		protected void writeInternal(Object value, HttpOutputMessage output) {
			throw new UnsupportedOperationException("no YAML");
		}

	}

}
