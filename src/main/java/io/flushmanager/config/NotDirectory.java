package io.flushmanager.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The path names a file, or nothing yet, but not a directory.
 */
@Documented
@Constraint(validatedBy = NotDirectory.Validator.class)
@Target({ ElementType.TYPE_USE, ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
public @interface NotDirectory {

	String message() default "is a directory; list the config file itself (for a ConfigMap mount, <mountPath>/<key>)";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks the path on the real filesystem. */
	class Validator implements ConstraintValidator<NotDirectory, Path> {

		@Override
		public boolean isValid(Path value, ConstraintValidatorContext context) {
			return value == null || !Files.isDirectory(value);
		}

	}

}
