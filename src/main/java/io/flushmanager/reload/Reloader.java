package io.flushmanager.reload;

import io.flushmanager.watch.ChangeOutcome;
import io.flushmanager.watch.ConfirmedChange;

/**
 * One way of telling the child that its config changed
 * ({@code flush-manager.reload.strategy}).
 */
@FunctionalInterface
public interface Reloader {

	/**
	 * Make the child take up the changed config.
	 * @param change the confirmed change
	 * @return {@link ChangeOutcome#reloaded()}, or a failed reload with its cause
	 */
	ChangeOutcome reload(ConfirmedChange change);

}
