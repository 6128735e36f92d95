package io.flushmanager.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import io.flushmanager.watch.AppliedContent;
import io.flushmanager.watch.ChangeAction;
import io.flushmanager.watch.ChangeOutcome;
import io.flushmanager.watch.ConfigChangeListener;
import io.flushmanager.watch.ConfirmedChange;
import io.flushmanager.watch.DetectedChange;

/**
 * A listener that records every confirmed change and answers
 * {@link ChangeAction#RELOADED}. With no child to read anything, what it "applied" is the
 * content of each change it was given.
 */
public class RecordingListener implements ConfigChangeListener, AppliedContent {

	private static final String MISSING = "";

	private final List<ConfirmedChange> changes = new CopyOnWriteArrayList<>();

	private final Map<Path, String> applied = new ConcurrentHashMap<>();

	@Override
	public ChangeOutcome onConfirmedChange(ConfirmedChange change) {
		this.changes.add(change);
		for (DetectedChange detected : change.changes()) {
			baseline(detected.after().path(), detected.after().sha256());
		}
		return ChangeOutcome.reloaded();
	}

	@Override
	public void baseline(Path path, @Nullable String sha256) {
		this.applied.put(path, Objects.requireNonNullElse(sha256, MISSING));
	}

	@Override
	public boolean isApplied(Path path, @Nullable String sha256) {
		return Objects.equals(this.applied.get(path), Objects.requireNonNullElse(sha256, MISSING));
	}

	public List<ConfirmedChange> changes() {
		return List.copyOf(this.changes);
	}

	public int count() {
		return this.changes.size();
	}

	public ConfirmedChange last() {
		return this.changes.get(this.changes.size() - 1);
	}

}
