package io.flushmanager.child;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutputPumpTest {

	private final List<String> lines = new ArrayList<>();

	@Test
	void splitsOnNewlinesDropsCarriageReturnsAndKeepsAnUnterminatedLastLine() {
		pump("one\r\ntwo\n\nthree".getBytes(StandardCharsets.UTF_8), this::collect);
		assertThat(this.lines).containsExactly("one", "two", "", "three");
	}

	@Test
	void aLongLineIsCutWithoutSplittingACharacter() {
		String text = "a".repeat(OutputPump.MAX_LINE - 1) + "é€" + "\n";
		pump(text.getBytes(StandardCharsets.UTF_8), this::collect);
		assertThat(this.lines).containsExactly("a".repeat(OutputPump.MAX_LINE - 1), "é€");
	}

	@Test
	void aFailingSinkDoesNotStopThePump() {
		pump("bad\ngood\n".getBytes(StandardCharsets.UTF_8), (pid, stream, line) -> {
			if (line.equals("bad")) {
				throw new IllegalStateException("broken sink");
			}
			collect(pid, stream, line);
		});
		assertThat(this.lines).containsExactly("good");
	}

	@Test
	void remembersTheFirstLine() {
		OutputPump pump = pump("first\nsecond\n".getBytes(StandardCharsets.UTF_8), this::collect);
		assertThat(pump.firstLine()).isEqualTo("first");
	}

	private OutputPump pump(byte[] bytes, OutputSink sink) {
		OutputPump pump = new OutputPump(new ByteArrayInputStream(bytes), 1, OutputSink.Stream.STDOUT, sink);
		pump.run();
		return pump;
	}

	private void collect(long pid, OutputSink.Stream stream, String line) {
		this.lines.add(line);
	}

}
