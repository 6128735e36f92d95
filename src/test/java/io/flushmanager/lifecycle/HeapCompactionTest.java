package io.flushmanager.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.support.StaticApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the one full collection after start runs.
 */
class HeapCompactionTest {

	private final AtomicInteger collections = new AtomicInteger();

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	@Test
	void collectsOnceOnItsOwnThreadWhenTheServiceIsReady() {
		HeapCompaction compaction = compaction(true);
		compaction.onApplicationEvent(ready());
		compaction.onApplicationEvent(ready());
		await().atMost(Duration.ofSeconds(30)).until(() -> this.collections.get() == 1);
		assertThat(this.threads).hasSize(1);
		assertThat(this.threads.get(0)).isNotSameAs(Thread.currentThread());
		this.threads.forEach(HeapCompactionTest::join);
		assertThat(this.collections).hasValue(1);
	}

	@Test
	void doesNothingWhenTurnedOff() {
		compaction(false).onApplicationEvent(ready());
		assertThat(this.threads).isEmpty();
		assertThat(this.collections).hasValue(0);
	}

	private HeapCompaction compaction(boolean enabled) {
		return new HeapCompaction(enabled, this.collections::incrementAndGet, (task) -> {
			Thread thread = new Thread(task);
			this.threads.add(thread);
			return thread;
		});
	}

	private static ApplicationReadyEvent ready() {
		return new ApplicationReadyEvent(new SpringApplication(), new String[0], new StaticApplicationContext(),
				Duration.ZERO);
	}

	private static void join(Thread thread) {
		try {
			thread.join(30_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
