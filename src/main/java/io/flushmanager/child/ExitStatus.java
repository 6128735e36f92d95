package io.flushmanager.child;

import org.jspecify.annotations.Nullable;

import io.flushmanager.config.Signal;

/**
 * An exit status as Java reports it: {@code 128 + n} for a child killed by signal
 * {@code n}.
 *
 * @param raw the status as an exit code
 * @param code the exit code, or {@code null} when a signal ended it
 * @param signal the signal's name, or {@code null}
 */
record ExitStatus(int raw, @Nullable Integer code, @Nullable String signal) {

	static ExitStatus of(int raw) {
		if (raw > 128 && raw <= 128 + 64) {
			return new ExitStatus(raw, null, Signal.nameOf(raw - 128));
		}
		return new ExitStatus(raw, raw, null);
	}

	boolean success() {
		return this.raw == 0;
	}

	String describe() {
		return (this.signal != null) ? "killed by " + this.signal : "with code " + this.code;
	}

}
