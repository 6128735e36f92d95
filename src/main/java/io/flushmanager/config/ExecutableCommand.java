package io.flushmanager.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The command, when given, names an executable file: an absolute or relative path, or a
 * name found on {@code PATH}.
 */
@Documented
@Constraint(validatedBy = ExecutableCommand.Validator.class)
@Target({ ElementType.TYPE_USE, ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
public @interface ExecutableCommand {

	String message() default "is not an executable file, and no executable of that name is on PATH";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Resolves the command the way the supervisor will. */
	class Validator implements ConstraintValidator<ExecutableCommand, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || value.isBlank() || CommandResolver.resolve(value).isPresent();
		}

	}

}
