package io.flushmanager.source;

import java.io.IOException;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Whether the API source can list and watch, said once when an outage starts and once
 * when it ends. Its own type because the informers retry silently and report from several
 * threads (exception handler, HTTP interceptor, the periodic check): this keeps one story
 * in the log and one error count in {@link SourceStatus}, and never logs what the API
 * sent.
 */
final class ApiOutage {

	// The source's logger: operators filter on one category for the API source.
	private static final Log logger = LogFactory.getLog(KubernetesSource.class);

	private final SourceStatus status;

	/** Whether the last list or watch failed. */
	private volatile boolean failing;

	/** Consecutive checks that found a watch down (the periodic check's thread only). */
	private int downTicks;

	ApiOutage(SourceStatus status) {
		this.status = status;
	}

	/** A list or watch failed (any thread). */
	void failed(String description) {
		this.status.recordError(description);
		if (!this.failing) {
			this.failing = true;
			logger.warn("The API source cannot list or watch (" + description + "); the materialized files stay "
					+ "as they are and it keeps trying");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("The API source still cannot list or watch: " + description);
		}
	}

	/** The periodic check: are all watches up? */
	void check() {
		if (this.status.isWatching()) {
			this.downTicks = 0;
			if (this.failing) {
				this.failing = false;
				logger
					.info("The API source is watching again (" + this.status.errors() + " sync error(s) since start); "
							+ "the watches resumed from the last version seen, or listed again where it was too old");
			}
		}
		else if (this.status.isInitialSyncDone() && ++this.downTicks >= 2) {
			// Two checks in a row: a watch restarting after 410 Gone is down for
			// milliseconds only.
			failed("a watch is disconnected; reconnecting");
		}
	}

	/**
	 * An exception as it can be logged: its kind, the HTTP status and the network cause,
	 * never its message, which may quote what the API sent (a Secret, say).
	 */
	static String describe(Throwable ex) {
		StringBuilder text = new StringBuilder(ex.getClass().getSimpleName());
		if (ex instanceof KubernetesClientException client && client.getCode() > 0) {
			text.append(" HTTP ").append(client.getCode());
		}
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause instanceof IOException) {
				text.append(", caused by ").append(cause.getClass().getSimpleName());
				if (cause instanceof java.net.ConnectException && cause.getMessage() != null) {
					text.append(": ").append(cause.getMessage());
				}
				break;
			}
		}
		return text.toString();
	}

}
