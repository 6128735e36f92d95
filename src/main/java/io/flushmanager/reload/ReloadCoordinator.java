package io.flushmanager.reload;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import io.flushmanager.config.ReloadProperties;
import io.flushmanager.time.Ticker;
import io.flushmanager.watch.ChangeAction;
import io.flushmanager.watch.ChangeOutcome;
import io.flushmanager.watch.ConfigChangeListener;
import io.flushmanager.watch.ConfirmedChange;

/**
 * Turns confirmed config changes into reloads: validates, applies the configured
 * strategy, keeps {@code min-interval} between reloads, and reports each outcome: logged
 * once here, published as {@link ReloadCompleted}, and returned to the watcher for the
 * history. The watcher calls it one change at a time, so reloads never overlap; changes
 * seen meanwhile are confirmed, coalesced, after it returns.
 */
public class ReloadCoordinator implements ConfigChangeListener, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ReloadCoordinator.class);

	private final ReloadProperties properties;

	private final @Nullable ConfigValidator validator;

	private final Reloader reloader;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Ticker ticker;

	private final MinInterval minInterval;

	ReloadCoordinator(ReloadProperties properties, @Nullable ConfigValidator validator, Reloader reloader,
			ApplicationEventPublisher events, Clock clock, Ticker ticker) {
		this.properties = properties;
		this.validator = validator;
		this.reloader = reloader;
		this.events = events;
		this.clock = clock;
		this.ticker = ticker;
		this.minInterval = new MinInterval(properties.minInterval(), ticker);
	}

	@Override
	public ChangeOutcome onConfirmedChange(ConfirmedChange change) {
		long confirmed = this.ticker.nanoTime();
		ChangeOutcome outcome = validate(change);
		if (outcome == null) {
			outcome = reload(change);
			this.minInterval.reloaded();
		}
		log(outcome, change);
		this.events.publishEvent(new ReloadCompleted(this.clock.instant(), this.properties.strategy(), outcome.action(),
				this.ticker.since(confirmed), change.paths(), outcome.cause()));
		return outcome;
	}

	/** The rejection, or {@code null} when the change may be applied. */
	private @Nullable ChangeOutcome validate(ConfirmedChange change) {
		if (this.validator == null) {
			return null;
		}
		ConfigValidator.Result result;
		try {
			result = this.validator.validate(change.paths());
		}
		catch (RuntimeException ex) {
			return ChangeOutcome.validationFailed("validate command failed: " + ex.getClass().getSimpleName());
		}
		if (result.accepted()) {
			return null;
		}
		String said = result.stderrTail().isEmpty() ? "" : ". Validator said: " + result.stderrTail();
		logger.warn("Config change of " + change.paths() + " rejected by the validate command (exit "
				+ result.exitCode() + ", " + result.cause() + "); the running child keeps its config" + said);
		return ChangeOutcome.validationFailed(String.valueOf(result.cause()));
	}

	private ChangeOutcome reload(ConfirmedChange change) {
		try {
			return this.reloader.reload(change);
		}
		catch (RuntimeException ex) {
			// Reported as a failed reload, so that what the child has is no longer taken
			// as known. The outcome
			// is logged once, below; the stack only at debug.
			logger.debug("Reloading the child after a config change threw", ex);
			return ChangeOutcome.reloadFailed(Failures.describe(ex));
		}
	}

	private static void log(ChangeOutcome outcome, ConfirmedChange change) {
		if (outcome.action() == ChangeAction.RELOAD_FAILED) {
			logger.error(
					"Reloading the child after a config change of " + change.paths() + " failed: " + outcome.cause());
		}
	}

	@Override
	public Duration delayBeforeNext() {
		return this.minInterval.remaining();
	}

	@Override
	public void close() {
		if (this.validator != null) {
			this.validator.close();
		}
	}

}
