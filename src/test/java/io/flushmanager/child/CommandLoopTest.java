package io.flushmanager.child;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.flushmanager.support.ManualTicker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The supervisor's thread: its order, its timers on the ticker, its end. No child, no
 * real delays.
 */
class CommandLoopTest {

	private final ManualTicker ticker = new ManualTicker();

	private final CommandLoop loop = new CommandLoop("fm-test-loop", this.ticker);

	private final List<String> ran = new CopyOnWriteArrayList<>();

	@AfterEach
	void end() {
		CommandLoop.await(this.loop.finish(this.loop::end), Duration.ofSeconds(30));
	}

	@Test
	void runsActionsInOrderOnItsOwnThread() throws Exception {
		this.loop.start(() -> this.ran.add("first " + Thread.currentThread().getName()), (why) -> {
		});
		this.loop.submit(() -> this.ran.add("second"), null);
		done();
		assertThat(this.ran).containsExactly("first fm-test-loop", "second");
	}

	@Test
	void aTimerFiresOnlyOnceTheTickerReachedItsDeadline() throws Exception {
		this.loop.start(() -> this.loop.schedule(Duration.ofHours(1), () -> this.ran.add("timer")), (why) -> {
		});
		done();
		this.ticker.advance(Duration.ofMinutes(59));
		done();
		assertThat(this.ran).isEmpty();
		this.ticker.advance(Duration.ofMinutes(1));
		// Any command wakes a loop that waits (on real time) for the next one; it then
		// sees the deadline passed.
		this.loop.submit(() -> this.ran.add("wake"), null);
		done();
		assertThat(this.ran).containsExactlyInAnyOrder("wake", "timer");
	}

	@Test
	void aCancelledTimerNeverFires() throws Exception {
		this.loop.start(() -> this.loop.schedule(Duration.ofSeconds(1), () -> this.ran.add("timer")), (why) -> {
		});
		this.loop.submit(this.loop::cancelTimer, null);
		done();
		this.ticker.advance(Duration.ofSeconds(2));
		this.loop.submit(() -> {
		}, null);
		done();
		assertThat(this.ran).isEmpty();
	}

	@Test
	void workQueuedAfterTheEndFails() throws Exception {
		this.loop.start(() -> {
		}, (why) -> this.ran.add("closed: " + why.getMessage()));
		this.loop.finish(this.loop::end).get(30, TimeUnit.SECONDS);
		CompletableFuture<Void> late = new CompletableFuture<>();
		assertThat(this.loop.submit(() -> this.ran.add("late"), late)).isFalse();
		assertThatThrownBy(() -> late.get(30, TimeUnit.SECONDS)).hasMessageContaining("not running");
		assertThat(this.ran).containsExactly("closed: The child supervisor has stopped");
		assertThat(this.loop.healthy()).isTrue();
	}

	/** Wait until everything queued so far has run. */
	private void done() throws Exception {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.loop.submit(() -> done.complete(null), done);
		done.get(30, TimeUnit.SECONDS);
	}

}
