package io.flushmanager.child;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tap (a reload verification waiting for a log line) sees the lines in both output
 * modes; in passthrough the bytes copied stay exactly the child's.
 */
class OutputTapTest {

	private static final byte[] OUTPUT = "{\"level\":\"info\",\"msg\":\"ready\"}\r\nno newline at the end \u00e9"
		.getBytes(StandardCharsets.UTF_8);

	@Test
	void passthroughCopiesTheBytesUnchangedAndTapsTheLines() {
		List<String> tapped = new ArrayList<>();
		ByteArrayOutputStream copy = new ByteArrayOutputStream();
		OutputPump pump = new OutputPump(new ByteArrayInputStream(OUTPUT), 7, OutputSink.Stream.STDOUT,
				new PassthroughOutputSink(), copy, (pid, stream, line) -> tapped.add(line));
		pump.run();
		assertThat(copy.toByteArray()).isEqualTo(OUTPUT);
		assertThat(tapped).containsExactly("{\"level\":\"info\",\"msg\":\"ready\"}", "no newline at the end \u00e9");
	}

	@Test
	void logModeHandsEachLineToTheSinkAndTheTap() {
		List<String> sunk = new ArrayList<>();
		List<String> tapped = new ArrayList<>();
		OutputSink sink = OutputSink.withTap((pid, stream, line) -> sunk.add(line),
				(pid, stream, line) -> tapped.add(line));
		new OutputPump(new ByteArrayInputStream(OUTPUT), 7, OutputSink.Stream.STDOUT, sink).run();
		assertThat(sunk).hasSize(2).isEqualTo(tapped);
	}

	@Test
	void aPassthroughSinkStaysOneWithATap() {
		assertThat(OutputSink.withTap(new PassthroughOutputSink(), (pid, stream, line) -> {
		})).isInstanceOf(PassthroughOutputSink.class);
	}

}
