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
 * The path, when given, is an existing directory.
 */
@Documented
@Constraint(validatedBy = ExistingDirectory.Validator.class)
@Target({ ElementType.TYPE_USE, ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
public @interface ExistingDirectory {

	String message() default "is not an existing directory";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks the path on the real filesystem. */
	class Validator implements ConstraintValidator<ExistingDirectory, Path> {

		@Override
		public boolean isValid(Path value, ConstraintValidatorContext context) {
			return value == null || Files.isDirectory(value);
		}

	}

}
