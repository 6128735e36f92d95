package io.flushmanager.child;

/**
 * Ends the whole service with a given exit code ({@code restart-policy: exit}), so that
 * Kubernetes restarts the container. A seam so tests can observe the code without ending
 * the test JVM.
 */
@FunctionalInterface
public interface ServiceExit {

	/**
	 * Begin the exit and return at once; called from the supervisor thread, which the
	 * shutdown itself needs, so implementations must not wait for it.
	 * @param code the service's exit code
	 */
	void exit(int code);

}
