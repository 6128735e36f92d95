package io.flushmanager.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns a failure to bind {@code flush-manager.*}, or an unknown property under it, into
 * a failure-analysis block that names each property, its bad value, the reason and the
 * fix, instead of a stack trace.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InvalidPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<RuntimeException> {

	private static final String PREFIX = "flush-manager";

	private static final Map<String, String> FIXES = Map.ofEntries(
			Map.entry("flush-manager.child.command",
					"Set flush-manager.child.command (or FLUSH_MANAGER_CHILD_COMMAND) to the absolute path of the "
							+ "program to supervise, or to a name on PATH, for example "
							+ "--flush-manager.child.command=/usr/local/bin/redis-exporter."),
			Map.entry("flush-manager.watch.files",
					"List each config file itself, for example --flush-manager.watch.files=/etc/app/conf/app.conf."),
			Map.entry("flush-manager.watch.poll-interval", "Use a duration of at least 100ms, such as 5s."),
			Map.entry("flush-manager.child.working-dir", "Point it at an existing directory, or leave it unset."));

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RuntimeException failure) {
		UnknownPropertiesException unknown = findCause(rootFailure, UnknownPropertiesException.class);
		if (unknown != null) {
			return analysis(unknown.getProblems()
				.stream()
				.map((problem) -> new Problem(problem.getProperty(), null, null, problem.getReason(),
						problem.getAction(), false))
				.toList(), rootFailure);
		}
		// Thrown while binding (a record's own check) or after it (SetupCheck: a rule
		// across records).
		InvalidPropertyException invalid = findCause(rootFailure, InvalidPropertyException.class);
		if (invalid != null) {
			return analysis(List.of(new Problem(invalid.getProperty(), invalid.getValue(), null, invalid.getReason(),
					invalid.getAction(), true)), rootFailure);
		}
		BindException cause = findCause(rootFailure, BindException.class);
		if (cause == null) {
			return null;
		}
		if (!cause.getName().toString().startsWith(PREFIX)) {
			return null;
		}
		BindValidationException validation = findCause(cause, BindValidationException.class);
		List<Problem> problems = (validation != null) ? validationProblems(validation) : List.of(bindProblem(cause));
		return problems.isEmpty() ? null : analysis(problems, rootFailure);
	}

	private List<Problem> validationProblems(BindValidationException validation) {
		List<Problem> problems = new ArrayList<>();
		ValidationErrors errors = validation.getValidationErrors();
		String base = errors.getName().toString();
		for (ObjectError error : errors.getAllErrors()) {
			if (error instanceof FieldError field) {
				String property = base + "." + KnownProperties.dashed(field.getField());
				// Show the value as the user wrote it ("50ms"), not as bound (PT0.05S).
				ConfigurationProperty bound = errors.getBoundProperties()
					.stream()
					.filter((candidate) -> candidate.getName().toString().equals(property))
					.findFirst()
					.orElse(null);
				Object value = (bound != null) ? bound.getValue() : field.getRejectedValue();
				Origin origin = (bound != null) ? bound.getOrigin() : Origin.from(error);
				problems.add(new Problem(property, (value != null) ? value.toString() : null, origin,
						error.getDefaultMessage(), fixFor(property), true));
			}
			else {
				problems.add(new Problem(base, null, null, error.getDefaultMessage(), fixFor(base), true));
			}
		}
		return problems;
	}

	private Problem bindProblem(BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		String name = (property != null) ? property.getName().toString() : cause.getName().toString();
		String value = (property != null && property.getValue() != null) ? property.getValue().toString() : null;
		Class<?> type = cause.getTarget().getType().resolve();
		String reason = "cannot be read as " + ((type != null) ? type.getSimpleName() : "the expected type");
		String fix = fixFor(name);
		if (type != null && type.isEnum()) {
			String valid = Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase().replace('_', '-'))
				.collect(Collectors.joining(", "));
			reason = "is not one of: " + valid;
			fix = "Use one of: " + valid + ".";
		}
		else if (type == java.time.Duration.class) {
			reason = "is not a duration";
			fix = "Use Spring's duration syntax, such as 500ms, 5s or 10m.";
		}
		return new Problem(name, value, (property != null) ? property.getOrigin() : null, reason, fix, true);
	}

	private static String fixFor(String property) {
		return FIXES.getOrDefault(property, "Correct " + property + " (HELP.md lists every property and its values).");
	}

	private FailureAnalysis analysis(List<Problem> problems, Throwable rootFailure) {
		StringBuilder description = new StringBuilder("Invalid flush-manager configuration:\n");
		StringBuilder action = new StringBuilder();
		for (Problem problem : problems) {
			description.append(String.format("%n    Property: %s%n", problem.property()));
			if (problem.showValue()) {
				description.append(String.format("    Value: %s%n",
						(problem.value() != null) ? "\"" + problem.value() + "\"" : "(not set)"));
			}
			if (problem.origin() != null) {
				description.append(String.format("    Origin: %s%n", problem.origin()));
			}
			description.append(String.format("    Reason: %s%n", problem.reason()));
			action.append(problem.property()).append(": ").append(problem.fix()).append('\n');
		}
		return new FailureAnalysis(description.toString(), action.toString().strip(), rootFailure);
	}

	private record Problem(String property, String value, Origin origin, String reason, String fix, boolean showValue) {

	}

}
