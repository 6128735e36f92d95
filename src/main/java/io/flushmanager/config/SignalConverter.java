package io.flushmanager.config;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Binds signal properties ({@code child.stop-signal}, {@code reload.signal}) through
 * {@link Signal#parse}, so {@code SIGTERM} and {@code sigterm} work there as on the
 * command line. Spring's own enum binding ignores case but would refuse the {@code SIG}
 * prefix.
 */
@Component
@ConfigurationPropertiesBinding
class SignalConverter implements Converter<String, Signal> {

	@Override
	public Signal convert(String source) {
		return Signal.parse(source);
	}

}
