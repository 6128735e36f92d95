package io.flushmanager.child;

/**
 * How a stop went.
 *
 * @param graceful whether the tree was gone before the timeout
 * @param signalledNanos the ticker's time when the stop signal was sent
 * @param exitSeenNanos the ticker's time when the child's exit was seen
 * @param leftover processes still there after SIGKILL (normally 0)
 */
record StopResult(boolean graceful, long signalledNanos, long exitSeenNanos, int leftover) {

}
