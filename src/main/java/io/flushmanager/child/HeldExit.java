package io.flushmanager.child;

import org.jspecify.annotations.Nullable;

/**
 * While a reload is being verified, a child's exit is that verification's failure, not a
 * crash: the exit policy's decision waits here until the reload transaction lets go, and
 * applies then only if nobody started the child again meanwhile.
 */
final class HeldExit {

	private volatile boolean held;

	/** Supervisor thread only. */
	private ExitPolicy.@Nullable Decision decision;

	void hold() {
		this.held = true;
	}

	/**
	 * Keep a decision back while held. Supervisor thread only.
	 * @param decision what the exit policy decided
	 * @return {@code true} when it is kept back, {@code false} when it applies now
	 */
	boolean keep(ExitPolicy.Decision decision) {
		if (!this.held) {
			return false;
		}
		this.decision = decision;
		return true;
	}

	/** A new child starts: a kept decision no longer applies. Supervisor thread only. */
	void forget() {
		this.decision = null;
	}

	/**
	 * Let go. Supervisor thread only.
	 * @return the decision kept back meanwhile, or {@code null}
	 */
	ExitPolicy.@Nullable Decision release() {
		this.held = false;
		ExitPolicy.Decision kept = this.decision;
		this.decision = null;
		return kept;
	}

}
