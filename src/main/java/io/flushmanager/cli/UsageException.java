package io.flushmanager.cli;

/**
 * A command line that cannot be understood. Its message is one line, shown as is, with no
 * stack trace.
 */
public class UsageException extends RuntimeException {

	public UsageException(String message) {
		super(message, null, false, false);
	}

}
