package io.flushmanager.config;

import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Spring Boot's {@code configurationPropertiesValidator}: it is applied to every bound
 * {@code @ConfigurationProperties} object and each object nested in one, and runs the
 * checks of those that are {@link CheckedProperties}. It stands in for Bean Validation,
 * whose provider loaded about 700 classes at every start.
 */
final class PropertiesValidator implements Validator {

	@Override
	public boolean supports(Class<?> type) {
		return CheckedProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		((CheckedProperties) target).check(new PropertyChecks(errors));
	}

}
