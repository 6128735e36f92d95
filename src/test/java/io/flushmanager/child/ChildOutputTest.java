package io.flushmanager.child;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.child.ChildEvent.Type;
import io.flushmanager.config.ChildProperties.RestartPolicy;
import io.flushmanager.support.ScriptChild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ChildOutputTest {

	private static final long SIZE = 200L * 1024 * 1024;

	@TempDir
	Path dir;

	@Test
	void aChildWriting200MegabytesIsNeverBlockedAndEveryByteArrives() {
		// 100-byte lines: 99 digits and a newline.
		ScriptChild script = ScriptChild.create(this.dir, "child", "yes \"$(printf '%099d' 0)\" | head -c " + SIZE);
		AtomicLong bytes = new AtomicLong();
		AtomicLong lines = new AtomicLong();
		OutputSink counter = (pid, stream, line) -> {
			if (stream == OutputSink.Stream.STDOUT) {
				bytes.addAndGet(line.length() + 1);
				lines.incrementAndGet();
			}
		};
		try (Harness harness = Harness.of(script).policy(RestartPolicy.NEVER).sink(counter).start()) {
			await().atMost(Harness.WAIT).until(() -> !harness.events(Type.EXITED).isEmpty());
			assertThat(harness.events(Type.EXITED).get(0).exitCode()).isZero();
			assertThat(harness.supervisor.status().state()).isEqualTo(ChildState.STOPPED);
			// Checked at once: the exit is recorded after the output is drained.
			assertThat(lines.get()).isEqualTo(SIZE / 100);
			assertThat(bytes.get()).isEqualTo(SIZE);
		}
	}

	@Test
	void outputWithoutNewlinesArrivesInBoundedPieces() {
		ScriptChild script = ScriptChild.create(this.dir, "child", "head -c 20000 /dev/zero | tr '\\0' x");
		List<String> pieces = new CopyOnWriteArrayList<>();
		try (Harness harness = Harness.of(script)
			.policy(RestartPolicy.NEVER)
			.sink((pid, stream, line) -> pieces.add(line))
			.start()) {
			await().atMost(Harness.WAIT).until(() -> !harness.events(Type.EXITED).isEmpty());
			assertThat(pieces).extracting(String::length).containsExactly(8192, 8192, 20000 - 2 * 8192);
			assertThat(String.join("", pieces)).matches("x{20000}");
		}
	}

}
