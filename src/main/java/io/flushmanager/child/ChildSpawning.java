package io.flushmanager.child;

/**
 * Published synchronously on the supervisor's thread right before a child is spawned: the
 * moment after which the new child may read its config. Listeners must be quick; the
 * spawn waits for them.
 *
 * @param reason why the child starts
 */
public record ChildSpawning(RestartReason reason) {

}
