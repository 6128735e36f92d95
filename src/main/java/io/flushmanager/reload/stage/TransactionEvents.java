package io.flushmanager.reload.stage;

import org.springframework.context.event.EventListener;

import io.flushmanager.reload.ReloadCompleted;
import io.flushmanager.watch.ChangeAction;

/**
 * Turns rejected and rolled-back reloads into Kubernetes Events on the pod.
 */
class TransactionEvents {

	private final PodEvents events;

	TransactionEvents(PodEvents events) {
		this.events = events;
	}

	@EventListener
	void onReload(ReloadCompleted reload) {
		if (reload.result() == ChangeAction.VALIDATION_FAILED) {
			this.events.record(PodEvents.REJECTED, "Config change of " + reload.paths() + " rejected: " + reload.cause()
					+ "; the child keeps its config");
		}
		else if (reload.result() == ChangeAction.ROLLED_BACK) {
			this.events.record(PodEvents.ROLLED_BACK,
					"Config change of " + reload.paths() + " rolled back: " + reload.cause());
		}
	}

}
