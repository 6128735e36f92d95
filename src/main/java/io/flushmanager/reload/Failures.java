package io.flushmanager.reload;

/**
 * How a failed reload step reads in a log line and in the change outcome.
 */
final class Failures {

	private Failures() {
	}

	/**
	 * The exception's kind, and its message when it has one: the JDK's HTTP client throws
	 * a {@code ConnectException} without a message when nothing listens, which read as
	 * "failed: null".
	 * @param ex the failure
	 * @return a short description
	 */
	static String describe(Throwable ex) {
		String message = ex.getMessage();
		return ex.getClass().getSimpleName() + ((message != null && !message.isBlank()) ? ": " + message : "");
	}

}
