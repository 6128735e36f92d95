package io.flushmanager.reload;

/**
 * Wraps the reload strategy, such as the reload transaction of {@code reload.stage-dir}
 * and {@code reload.verify.*}, which stages before and verifies after it. A bean of this
 * type exists only when such a mode is configured.
 */
@FunctionalInterface
public interface ReloaderDecorator {

	/**
	 * @param strategy the configured strategy (restart, signal or http)
	 * @return the reloader the coordinator calls
	 */
	Reloader decorate(Reloader strategy);

}
