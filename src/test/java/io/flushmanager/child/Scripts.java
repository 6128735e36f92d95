package io.flushmanager.child;

import java.nio.file.Path;

import io.flushmanager.support.ScriptChild;

/**
 * Script children the tests share.
 */
final class Scripts {

	/** Sleeps in a loop the shell can interrupt, so traps run at once. */
	static final String IDLE = "while :; do sleep 1 & wait $!; done";

	private Scripts() {
	}

	/**
	 * A child that says goodbye and exits 0 on SIGTERM, and leaves {@code hup.<pid>} on
	 * SIGHUP.
	 */
	static ScriptChild wellBehaved(Path dir) {
		return ScriptChild.create(dir, "child", """
				trap 'echo "bye $$"; exit 0' TERM
				trap 'echo hup > "$DIR/hup.$$"' HUP
				echo "ready $$"
				""" + IDLE);
	}

}
