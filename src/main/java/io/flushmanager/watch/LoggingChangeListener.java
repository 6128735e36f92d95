package io.flushmanager.watch;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The listener used when nothing else acts on changes: records them and says so.
 */
public class LoggingChangeListener implements ConfigChangeListener {

	private static final Log logger = LogFactory.getLog(LoggingChangeListener.class);

	@Override
	public ChangeAction onConfirmedChange(ConfirmedChange change) {
		logger.info("Config change of " + change.paths() + " recorded; nothing is configured to act on it");
		return ChangeAction.RECORDED;
	}

}
