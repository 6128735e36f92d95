package io.flushmanager.support;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Collects what one logger writes (and its children), through a Logback list appender.
 */
public final class LogCapture implements AutoCloseable {

	private final Logger logger;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private LogCapture(String name) {
		this.logger = (Logger) LoggerFactory.getLogger(name);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/**
	 * Start capturing.
	 * @param name the logger's name
	 * @return the capture; close it to stop
	 */
	public static LogCapture of(String name) {
		return new LogCapture(name);
	}

	/**
	 * Start capturing a class's logger.
	 * @param type the class
	 * @return the capture; close it to stop
	 */
	public static LogCapture of(Class<?> type) {
		return of(type.getName());
	}

	/**
	 * The messages so far, formatted, each prefixed by its level and a space.
	 * @return the lines
	 */
	public List<String> lines() {
		synchronized (this.appender) {
			return this.appender.list.stream()
				.map((event) -> event.getLevel() + " " + event.getFormattedMessage())
				.toList();
		}
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
	}

}
