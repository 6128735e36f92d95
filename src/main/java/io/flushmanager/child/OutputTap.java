package io.flushmanager.child;

/**
 * Sees each line of the child's output besides the {@link OutputSink} (a reload
 * verification waiting for a log line), in {@code log} and {@code passthrough} mode
 * alike; in passthrough the bytes copied are unchanged. Called from the pump threads: it
 * must be quick and must not block.
 */
@FunctionalInterface
public interface OutputTap {

	/**
	 * One line, without its terminator.
	 * @param pid the child's PID
	 * @param stream which stream it came from
	 * @param line the text
	 */
	void line(long pid, OutputSink.Stream stream, String line);

}
