package io.flushmanager.child;

/**
 * Receives the child's output, one line at a time. Called from the output pump threads;
 * it must not block for long, since a pump that stops reading stalls the child once the
 * pipe is full.
 */
@FunctionalInterface
public interface OutputSink {

	/**
	 * One line, without its line terminator (a line longer than the pump's limit arrives
	 * in pieces).
	 * @param pid the child's PID
	 * @param stream which stream it came from
	 * @param line the text
	 */
	void line(long pid, Stream stream, String line);

	/**
	 * A sink that also hands each line to a tap.
	 * @param sink the sink
	 * @param tap the tap
	 * @return a sink of the same mode (a passthrough sink stays one, copying bytes
	 * unchanged)
	 */
	static OutputSink withTap(OutputSink sink, OutputTap tap) {
		if (sink instanceof PassthroughOutputSink passthrough) {
			return passthrough.withLines(tap);
		}
		return (pid, stream, line) -> {
			sink.line(pid, stream, line);
			tap.line(pid, stream, line);
		};
	}

	/** The child's output streams. */
	enum Stream {

		/** Standard output. */
		STDOUT,
		/** Standard error. */
		STDERR

	}

}
