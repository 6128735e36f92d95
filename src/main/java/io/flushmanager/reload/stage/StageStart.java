package io.flushmanager.reload.stage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.flushmanager.child.StartGate;
import io.flushmanager.reload.AppliedConfig;
import io.flushmanager.reload.ConfigValidator;

/**
 * The first start with a stage dir, right before the child is spawned: the mounted config
 * is validated and staged, so the child starts on accepted content. Content that failed
 * before (or that a killed service was verifying) is not staged; the last good copy kept
 * in the stage dir is, if there is one. With nothing good at all, the child does not
 * start and readiness stays DOWN with the reason: a pod that never becomes ready is what
 * stops a rollout.
 */
class StageStart implements StartGate {

	private static final Log logger = LogFactory.getLog(StageStart.class);

	private final Stage stage;

	private final List<Path> files;

	private final @Nullable ConfigValidator validator;

	private final AppliedConfig applied;

	private final long maxFileSize;

	StageStart(Stage stage, List<Path> files, @Nullable ConfigValidator validator, AppliedConfig applied,
			long maxFileSize) {
		this.stage = stage;
		this.files = files;
		this.validator = validator;
		this.applied = applied;
		this.maxFileSize = maxFileSize;
	}

	@Override
	public @Nullable String refusal() {
		String refused;
		try {
			refused = stageMounted();
			if (refused == null) {
				return null;
			}
			Map<String, byte[]> good = this.stage.good();
			if (!good.isEmpty()) {
				this.stage.write(good);
				logger.warn("Not starting on the mounted config (" + refused + "): starting the child on the last good "
						+ "config kept in " + this.stage.dir());
				return null;
			}
		}
		catch (IOException ex) {
			refused = "staging into " + this.stage.dir() + " failed: " + ex.getMessage();
		}
		// Nothing staged: what the child would run is unknown, so the config is not in
		// sync.
		this.applied.capture();
		logger.error("No accepted config to start the child with (" + refused + "); it is not started and "
				+ "readiness stays DOWN until a good config change or a manual restart");
		return "no accepted config to start with: " + refused;
	}

	/** Stage the mounted files, or say why not. */
	private @Nullable String stageMounted() throws IOException {
		Map<String, byte[]> mounted = new LinkedHashMap<>();
		Map<String, String> hashes = new LinkedHashMap<>();
		for (Path file : this.files) {
			byte[] bytes = Payloads.read(file, this.maxFileSize);
			if (bytes != null) {
				String name = file.getFileName().toString();
				mounted.put(name, bytes);
				hashes.put(name, Payloads.sha256(bytes));
			}
		}
		Map<String, String> pending = this.stage.pending();
		if (!pending.isEmpty()) {
			// The service died while verifying this content: it was never shown to be
			// good.
			this.stage.failed(pending);
			this.stage.clearPending();
			logger.warn("The service stopped while verifying a config change (" + pending.keySet()
					+ "); that content counts as failed and is not tried again until the file changes");
		}
		for (Map.Entry<String, String> entry : hashes.entrySet()) {
			if (this.stage.hasFailed(entry.getKey(), entry.getValue())) {
				return entry.getKey() + " sha256 " + Payloads.shortHash(entry.getValue())
						+ " failed verification before";
			}
		}
		if (this.validator != null) {
			io.flushmanager.reload.ConfigValidator.Result result = this.validator.validate(this.files);
			if (!result.accepted()) {
				return "rejected by the validate command (" + result.cause() + ")";
			}
		}
		this.stage.write(mounted);
		this.stage.commit(mounted);
		logger.info("Staged " + mounted.keySet() + " into " + this.stage.dir() + " for the child (FM_STAGE_DIR)");
		return null;
	}

}
