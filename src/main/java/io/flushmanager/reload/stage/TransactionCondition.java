package io.flushmanager.reload.stage;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when a reload is a transaction: {@code reload.stage-dir} or a
 * {@code reload.verify.*} check is set. Otherwise none of this package's classes is
 * loaded.
 */
class TransactionCondition extends SpringBootCondition {

	private static final String[] SET = { "flush-manager.reload.stage-dir", "flush-manager.reload.verify.http-url",
			"flush-manager.reload.verify.tcp-port", "flush-manager.reload.verify.log-pattern" };

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Binder binder = Binder.get(context.getEnvironment());
		for (String name : SET) {
			if (!binder.bind(name, String.class).orElse("").isBlank()) {
				return ConditionOutcome.match(name + " is set");
			}
		}
		try {
			if (!binder.bind("flush-manager.reload.verify.stable-for", Duration.class).orElse(Duration.ZERO).isZero()) {
				return ConditionOutcome.match("flush-manager.reload.verify.stable-for is set");
			}
		}
		catch (RuntimeException ex) {
			// A malformed duration: the properties' own binding reports it.
		}
		return ConditionOutcome.noMatch("no reload stage-dir or verify check is set");
	}

}
