package io.flushmanager.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link StartupFailureException} as a failure-analysis block.
 */
class StartupFailureAnalyzer extends AbstractFailureAnalyzer<StartupFailureException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StartupFailureException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
