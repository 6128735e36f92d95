package io.flushmanager.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Properties under {@code flush-manager.} that name nothing. Reported by
 * {@link InvalidPropertiesFailureAnalyzer}.
 */
public class UnknownPropertiesException extends RuntimeException {

	private final List<InvalidPropertyException> problems;

	public UnknownPropertiesException(List<InvalidPropertyException> problems) {
		super("Unknown properties: "
				+ problems.stream().map(InvalidPropertyException::getProperty).collect(Collectors.joining(", ")));
		this.problems = List.copyOf(problems);
	}

	public List<InvalidPropertyException> getProblems() {
		return this.problems;
	}

}
