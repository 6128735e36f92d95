package io.flushmanager.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.flushmanager.watch.ChangeAction;
import io.flushmanager.watch.ConfigChangeListener;
import io.flushmanager.watch.ConfirmedChange;

/**
 * A listener that records every confirmed change and answers {@link ChangeAction#RELOADED}.
 */
public class RecordingListener implements ConfigChangeListener {

	private final List<ConfirmedChange> changes = new CopyOnWriteArrayList<>();

	@Override
	public ChangeAction onConfirmedChange(ConfirmedChange change) {
		this.changes.add(change);
		return ChangeAction.RELOADED;
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
