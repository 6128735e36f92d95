package io.flushmanager.child;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;

/**
 * Closes the application context, then exits the JVM with the code. Runs on a new
 * non-daemon thread: closing the context stops the supervisor, which waits for its own
 * thread, so doing it there would deadlock.
 */
public class SpringServiceExit implements ServiceExit {

	private static final Log logger = LogFactory.getLog(SpringServiceExit.class);

	private final ApplicationContext context;

	private final AtomicBoolean exiting = new AtomicBoolean();

	public SpringServiceExit(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void exit(int code) {
		if (!this.exiting.compareAndSet(false, true)) {
			return;
		}
		logger.info("Shutting down the service with exit code " + code);
		Thread thread = new Thread(() -> {
			SpringApplication.exit(this.context, () -> code);
			System.exit(code);
		}, "fm-service-exit");
		thread.setDaemon(false);
		thread.start();
	}

}
