package io.flushmanager.reload;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import io.flushmanager.config.FlushManagerProperties;
import io.flushmanager.watch.ChangeAction;
import io.flushmanager.watch.ConfigChangeListener;
import io.flushmanager.watch.ConfirmedChange;

/**
 * Turns confirmed config changes into reloads: validates, applies the configured strategy, keeps
 * {@code min-interval} between reloads, and reports each outcome. The watcher calls it one change at a
 * time, so reloads never overlap; changes seen meanwhile are confirmed, coalesced, after it returns.
 */
public class ReloadCoordinator implements ConfigChangeListener {

	private static final Log logger = LogFactory.getLog(ReloadCoordinator.class);

	private final FlushManagerProperties.Reload properties;

	private final @Nullable ConfigValidator validator;

	private final Reloader reloader;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private volatile long lastReloadNanos;

	private volatile boolean reloaded;

	ReloadCoordinator(FlushManagerProperties.Reload properties, @Nullable ConfigValidator validator, Reloader reloader,
			ApplicationEventPublisher events, Clock clock) {
		this.properties = properties;
		this.validator = validator;
		this.reloader = reloader;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public ChangeAction onConfirmedChange(ConfirmedChange change) {
		long confirmed = System.nanoTime();
		if (this.validator != null) {
			ConfigValidator.Result result = this.validator.validate(change.paths());
			if (!result.accepted()) {
				logger.warn("Config change of " + change.paths() + " rejected by the validate command (exit "
						+ result.exitCode() + "); the running child keeps its config. Validator said: "
						+ result.stderrTail());
				return report(ChangeAction.VALIDATION_FAILED, change, confirmed);
			}
		}
		boolean ok = reload(change);
		this.lastReloadNanos = System.nanoTime();
		this.reloaded = true;
		return report(ok ? ChangeAction.RELOADED : ChangeAction.RELOAD_FAILED, change, confirmed);
	}

	private boolean reload(ConfirmedChange change) {
		try {
			return this.reloader.reload(change);
		}
		catch (RuntimeException ex) {
			// Reported as a failed reload, so that what the child has is no longer taken as known.
			logger.error("Reloading the child after a config change failed", ex);
			return false;
		}
	}

	private ChangeAction report(ChangeAction action, ConfirmedChange change, long confirmedNanos) {
		Duration took = Duration.ofNanos(System.nanoTime() - confirmedNanos);
		this.events.publishEvent(new ReloadCompleted(this.clock.instant(), this.properties.strategy(), action, took,
				change.paths()));
		return action;
	}

	@Override
	public Duration delayBeforeNext() {
		if (!this.reloaded || this.properties.minInterval().isZero()) {
			return Duration.ZERO;
		}
		Duration since = Duration.ofNanos(System.nanoTime() - this.lastReloadNanos);
		Duration left = this.properties.minInterval().minus(since);
		return left.isNegative() ? Duration.ZERO : left;
	}

}
