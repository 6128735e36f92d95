package io.flushmanager.lifecycle;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * One full garbage collection once the service has started. Start-up allocates far more
 * than stays live (20 to 30 MB live after it), and the heap grows to hold that garbage;
 * with the image's {@code -XX:MaxHeapFreeRatio} and {@code -XX:-ShrinkHeapInSteps} a full
 * collection shrinks the heap back to what is live and returns the pages, where otherwise
 * they would stay resident for as long as the sidecar idles. It runs on its own thread so
 * that it never delays the start; the pause falls in the child's start-grace.
 */
class HeapCompaction implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(HeapCompaction.class);

	private final boolean enabled;

	private final Runnable collector;

	private final ThreadFactory threads;

	private final AtomicBoolean done = new AtomicBoolean();

	HeapCompaction(boolean enabled) {
		this(enabled, System::gc, (task) -> {
			Thread thread = new Thread(task, "fm-heap-compaction");
			thread.setDaemon(true);
			return thread;
		});
	}

	HeapCompaction(boolean enabled, Runnable collector, ThreadFactory threads) {
		this.enabled = enabled;
		this.collector = collector;
		this.threads = threads;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		// Once: a context restarted in the same JVM (tests, actuator restart) is no
		// start-up.
		if (this.enabled && this.done.compareAndSet(false, true)) {
			this.threads.newThread(this::collect).start();
		}
	}

	private void collect() {
		long before = usedHeap();
		this.collector.run();
		if (logger.isDebugEnabled()) {
			logger.debug("Heap compacted after start: " + (before >> 20) + " MB used before, " + (usedHeap() >> 20)
					+ " MB after, " + (Runtime.getRuntime().totalMemory() >> 20) + " MB committed");
		}
	}

	private static long usedHeap() {
		Runtime runtime = Runtime.getRuntime();
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
