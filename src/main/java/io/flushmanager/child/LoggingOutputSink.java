package io.flushmanager.child;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs the child's lines as {@code [<name>:<pid>] <line>} at INFO: stdout under the category
 * {@code child.<name>}, stderr under {@code child.<name>.stderr}, so each can be filtered or levelled.
 * Control characters are escaped ({@link ControlEscaper}): the child's output is not trusted.
 */
public class LoggingOutputSink implements OutputSink {

	private final String name;

	private final Log stdout;

	private final Log stderr;

	public LoggingOutputSink(String name) {
		this.name = name;
		this.stdout = LogFactory.getLog("child." + name);
		this.stderr = LogFactory.getLog("child." + name + ".stderr");
	}

	@Override
	public void line(long pid, Stream stream, String line) {
		Log log = (stream == Stream.STDERR) ? this.stderr : this.stdout;
		if (log.isInfoEnabled()) {
			log.info("[" + this.name + ":" + pid + "] " + ControlEscaper.escape(line));
		}
	}

}
