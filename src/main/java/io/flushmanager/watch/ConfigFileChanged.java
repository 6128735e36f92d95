package io.flushmanager.watch;

/**
 * Published as a Spring application event whenever a check records a change of a watched
 * file, before the debounce period (the change's action may still be
 * {@link ChangeAction#PENDING}).
 *
 * @param record the history entry
 */
public record ConfigFileChanged(ChangeRecord record) {

}
