package io.flushmanager.reload.stage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.child.ChildControl;
import io.flushmanager.child.ChildExit;
import io.flushmanager.child.ChildState;
import io.flushmanager.child.ChildStatus;
import io.flushmanager.child.RestartReason;
import io.flushmanager.child.RestartResult;
import io.flushmanager.config.Durations;
import io.flushmanager.reload.Reloader;
import io.flushmanager.watch.ChangeOutcome;
import io.flushmanager.watch.ConfirmedChange;
import io.flushmanager.watch.DetectedChange;

/**
 * A reload as a transaction (HELP.md, "Reload as a transaction"): stage the accepted
 * content, reload the child by the strategy, verify, then commit it as the last good
 * config, or stage the last good config again, reload, verify that, and answer
 * {@code ROLLED_BACK}. The content that failed is remembered by hash and not tried again
 * until the file changes. Without a stage dir there is nothing to roll back to: a failed
 * verification is {@code RELOAD_FAILED}. Runs on the watcher's confirmation thread, one
 * change at a time; while it verifies, an exit of the child is the verification's
 * failure, not a crash.
 */
class ReloadTransaction implements Reloader {

	private static final Log logger = LogFactory.getLog(ReloadTransaction.class);

	private final @Nullable Stage stage;

	private final boolean rollback;

	private final boolean validating;

	private final Reloader strategy;

	private final ChildControl child;

	private final Verifier verifier;

	/** The checks of one reload, given the log mark taken before it. */
	private final LongFunction<List<Verifier.Check>> checks;

	private final @Nullable LogLines logLines;

	private final RedactedDiff diff;

	private final long maxFileSize;

	private final Duration restartTimeout;

	ReloadTransaction(@Nullable Stage stage, boolean rollback, boolean validating, Reloader strategy,
			ChildControl child, Verifier verifier, LongFunction<List<Verifier.Check>> checks,
			@Nullable LogLines logLines, RedactedDiff diff, long maxFileSize, Duration restartTimeout) {
		this.stage = stage;
		this.rollback = rollback;
		this.validating = validating;
		this.strategy = strategy;
		this.child = child;
		this.verifier = verifier;
		this.checks = checks;
		this.logLines = logLines;
		this.diff = diff;
		this.maxFileSize = maxFileSize;
		this.restartTimeout = restartTimeout;
	}

	@Override
	public ChangeOutcome reload(ConfirmedChange change) {
		try {
			return (this.stage != null) ? staged(this.stage, change) : verifiedOnly(change);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ChangeOutcome.reloadFailed("reload transaction interrupted");
		}
	}

	private ChangeOutcome verifiedOnly(ConfirmedChange change) throws InterruptedException {
		this.child.holdExitPolicy(true);
		try {
			Verifier.Verdict verdict = reloadAndVerify(change, false);
			if (verdict.passed()) {
				logger.info("Reload of " + change.paths() + " verified in " + Durations.format(verdict.took()));
				return ChangeOutcome.reloaded();
			}
			logger.error("Reload of " + change.paths() + " failed verification (" + verdict.cause()
					+ "). The child may be running the bad config: without flush-manager.reload.stage-dir there is "
					+ "no good copy to roll back to");
			return ChangeOutcome
				.reloadFailed("verification failed: " + verdict.cause() + "; the child may be running the bad config");
		}
		finally {
			this.child.holdExitPolicy(false);
		}
	}

	private ChangeOutcome staged(Stage stage, ConfirmedChange change) throws InterruptedException {
		Map<String, byte[]> current;
		Map<String, byte[]> next;
		Map<String, String> hashes = new LinkedHashMap<>();
		try {
			current = stage.staged();
			next = new LinkedHashMap<>(current);
			for (DetectedChange detected : change.changes()) {
				Path path = detected.after().path();
				String name = path.getFileName().toString();
				byte[] bytes = Payloads.read(path, this.maxFileSize);
				if (bytes == null) {
					next.remove(name);
					continue;
				}
				String sha = Payloads.sha256(bytes);
				if (this.validating && detected.after().sha256() != null && !sha.equals(detected.after().sha256())) {
					return ChangeOutcome
						.reloadFailed(path + " changed again after validation; the next change applies it");
				}
				if (stage.hasFailed(name, sha)) {
					logger.warn("Config change of " + path + " (sha256 " + Payloads.shortHash(sha)
							+ ") not applied: this "
							+ "content failed verification before and is not tried again until the file changes");
					return ChangeOutcome.validationFailed("content sha256 " + Payloads.shortHash(sha)
							+ " failed verification before; not tried again until the file changes");
				}
				next.put(name, bytes);
				hashes.put(name, sha);
			}
		}
		catch (IOException ex) {
			return ChangeOutcome.reloadFailed("cannot read the changed config: " + ex.getMessage());
		}
		if (samePayload(current, next)) {
			// Back to what the child runs already (after a rollback, say): nothing to
			// reload.
			stage.commit(next);
			return ChangeOutcome.reloaded();
		}
		this.diff.log(current, next);
		stage.pending(hashes);
		try {
			stage.write(next);
		}
		catch (IOException ex) {
			stage.clearPending();
			logger.error("Staging " + change.paths() + " into " + stage.dir() + " failed (" + ex.getMessage()
					+ "); the child keeps its config and was not reloaded");
			return ChangeOutcome.reloadFailed("staging failed: " + ex.getMessage());
		}
		this.child.holdExitPolicy(true);
		try {
			return verifyOrRollBack(stage, change, next, hashes);
		}
		finally {
			stage.clearPending();
			this.child.holdExitPolicy(false);
		}
	}

	private ChangeOutcome verifyOrRollBack(Stage stage, ConfirmedChange change, Map<String, byte[]> next,
			Map<String, String> hashes) throws InterruptedException {
		Verifier.Verdict verdict = reloadAndVerify(change, false);
		if (verdict.passed()) {
			stage.commit(next);
			logger.info("Reload of " + change.paths() + " verified in " + Durations.format(verdict.took())
					+ ": committed as the last good config");
			return ChangeOutcome.reloaded();
		}
		String cause = "verification failed: " + verdict.cause();
		Map<String, byte[]> good = goodPayload(stage);
		if (!this.rollback || good.isEmpty()) {
			logger.error("Reload of " + change.paths() + " " + cause + ". The child may be running the bad config ("
					+ (this.rollback ? "no last good config to roll back to" : "flush-manager.reload.rollback=false")
					+ ")");
			return ChangeOutcome.reloadFailed(cause + "; the child may be running the bad config");
		}
		stage.failed(hashes);
		logger.warn("Reload of " + change.paths() + " " + cause + "; rolling back to the last good config");
		try {
			stage.write(good);
		}
		catch (IOException ex) {
			logger.error("Rolling back failed: the last good config cannot be staged (" + ex.getMessage()
					+ "). The child may be running the bad config");
			return ChangeOutcome.reloadFailed(cause + "; rollback failed: " + ex.getMessage());
		}
		// One attempt, never more: a child that fails on the good config too is not
		// reloaded in a loop.
		Verifier.Verdict back = reloadAndVerify(change, true);
		if (!back.passed()) {
			logger.error("Rollback of " + change.paths() + " failed too (" + back.cause()
					+ "); the restart policy applies from here");
			return ChangeOutcome.reloadFailed(cause + "; rollback failed too: " + back.cause());
		}
		logger.warn("Rolled back " + change.paths() + ": the child runs the last good config again (verified in "
				+ Durations.format(back.took()) + "); content " + describe(hashes)
				+ " is not tried again until the file changes");
		return ChangeOutcome.rolledBack(cause + "; rolled back to the last good config");
	}

	private static Map<String, byte[]> goodPayload(Stage stage) {
		try {
			return stage.good();
		}
		catch (IOException ex) {
			logger.warn("Cannot read the last good config in " + stage.dir() + ": " + ex.getMessage());
			return Map.of();
		}
	}

	private Verifier.Verdict reloadAndVerify(ConfirmedChange change, boolean rollingBack) throws InterruptedException {
		long mark = (this.logLines != null) ? this.logLines.mark() : 0;
		ChangeOutcome reloaded = reloadChild(change, false);
		if (!reloaded.succeeded() && rollingBack) {
			// The bad config may have taken the child's webhook (or its signal handling)
			// down with it: a restart
			// reads the staged good copy whatever state the child is in.
			logger.warn("Rollback: " + reloaded.cause() + "; restarting the child on the last good config instead");
			reloaded = reloadChild(change, true);
		}
		if (!reloaded.succeeded()) {
			return Verifier.Verdict.failed("reload failed: " + reloaded.cause(), Duration.ZERO);
		}
		Long pid = this.child.status().pid();
		if (pid == null) {
			return Verifier.Verdict.failed("the child is not running after the reload", Duration.ZERO);
		}
		return this.verifier.verify(this.checks.apply(mark), () -> exitedSince(pid));
	}

	/**
	 * By the strategy, or a restart when no child runs to be signalled or called (it died
	 * meanwhile).
	 */
	private ChangeOutcome reloadChild(ConfirmedChange change, boolean restart) throws InterruptedException {
		ChildState state = this.child.status().state();
		if (!restart && (state == ChildState.RUNNING || state == ChildState.STARTING)) {
			return this.strategy.reload(change);
		}
		try {
			RestartResult result = this.child.restart(RestartReason.CONFIG_CHANGE)
				.get(this.restartTimeout.toMillis(), TimeUnit.MILLISECONDS);
			return (result.pid() != null) ? ChangeOutcome.reloaded()
					: ChangeOutcome.reloadFailed("child did not start again (" + result.state() + ")");
		}
		catch (ExecutionException ex) {
			return ChangeOutcome.reloadFailed("restart failed: " + ex.getCause().getMessage());
		}
		catch (TimeoutException ex) {
			return ChangeOutcome.reloadFailed("restart timed out");
		}
	}

	private @Nullable String exitedSince(long pid) {
		ChildStatus status = this.child.status();
		if (status.pid() != null && status.pid() == pid
				&& (status.state() == ChildState.RUNNING || status.state() == ChildState.STARTING)) {
			return null;
		}
		ChildExit exit = status.lastExit();
		if (exit == null) {
			return "stopped (state " + status.state() + ")";
		}
		return "exited (" + ((exit.signal() != null) ? "signal " + exit.signal() : "code " + exit.code()) + ")";
	}

	private static boolean samePayload(Map<String, byte[]> a, Map<String, byte[]> b) {
		if (!a.keySet().equals(b.keySet())) {
			return false;
		}
		return a.entrySet().stream().allMatch((entry) -> Arrays.equals(entry.getValue(), b.get(entry.getKey())));
	}

	private static String describe(Map<String, String> hashes) {
		StringBuilder text = new StringBuilder();
		hashes.forEach((name, sha) -> text.append((text.length() > 0) ? ", " : "")
			.append(name)
			.append(" sha256 ")
			.append(Payloads.shortHash(sha)));
		return text.toString();
	}

}
