package io.flushmanager.child;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs the child's lines as {@code [<name>:<pid>] <line>}: stdout under the category
 * {@code child.<name>}, stderr under {@code child.<name>.stderr}, so each can be filtered
 * or levelled. A line that names its own level (logfmt {@code level=}, a JSON
 * {@code "level"}/{@code "severity"}, see {@link ChildLogLevel}) is logged at that level;
 * other lines at INFO from stdout and at WARN from stderr, where a program writes what
 * goes wrong. Control characters are escaped ({@link ControlEscaper}): the child's output
 * is not trusted.
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
		ChildLogLevel level = ChildLogLevel.of(line);
		if (level == null) {
			level = (stream == Stream.STDERR) ? ChildLogLevel.WARN : ChildLogLevel.INFO;
		}
		if (!enabled(log, level)) {
			return;
		}
		String message = "[" + this.name + ":" + pid + "] " + ControlEscaper.escape(line);
		switch (level) {
			case TRACE -> log.trace(message);
			case DEBUG -> log.debug(message);
			case INFO -> log.info(message);
			case WARN -> log.warn(message);
			case ERROR -> log.error(message);
		}
	}

	private static boolean enabled(Log log, ChildLogLevel level) {
		return switch (level) {
			case TRACE -> log.isTraceEnabled();
			case DEBUG -> log.isDebugEnabled();
			case INFO -> log.isInfoEnabled();
			case WARN -> log.isWarnEnabled();
			case ERROR -> log.isErrorEnabled();
		};
	}

}
