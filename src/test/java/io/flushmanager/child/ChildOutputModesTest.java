package io.flushmanager.child;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.flushmanager.child.ChildEvent.Type;
import io.flushmanager.config.ChildProperties.RestartPolicy;
import io.flushmanager.support.LogCapture;
import io.flushmanager.support.ScriptChild;
import io.flushmanager.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code child.output=log} keeps the child's own level (logfmt, JSON) and logs stderr
 * lines without one at WARN; {@code child.output=passthrough} hands the child's bytes on
 * unchanged, and still recognises a launcher's exec failure.
 */
class ChildOutputModesTest {

	/**
	 * Bytes a log wrapper would change: ESC, CR, NUL, a lone 0xff, UTF-8, JSON, no
	 * newline at the end.
	 */
	private static final String PRINTF = "\\033[31mred\\033[0m\\r\\000\\377\\376 caf\\303\\251\\n"
			+ "{\"level\":\"error\",\"msg\":\"x\\\\ty\"}\\n\\tindented\\ntail-without-newline";

	private static final byte[] EXPECTED = concat("\u001b[31mred\u001b[0m\r\0".getBytes(StandardCharsets.ISO_8859_1),
			new byte[] { (byte) 0xff, (byte) 0xfe },
			" caf\u00e9\n{\"level\":\"error\",\"msg\":\"x\\ty\"}\n\tindented\ntail-without-newline"
				.getBytes(StandardCharsets.UTF_8));

	@TempDir
	Path dir;

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			time="2026-01-01T00:00:00Z" level=error msg="cannot connect" | ERROR
			ts=1 level=warn msg=slow                                     | WARN
			level=info msg=up                                            | INFO
			ts=1 level="debug" msg=detail                                | DEBUG
			ts=1 mylevel=error msg=not-a-level-key                       |
			{"level":"warn","msg":"slow"}                                | WARN
			{"severity":"ERROR","message":"down"}                        | ERROR
			{"ts":1,"lvl":"info","msg":"up"}                             | INFO
			{"msg":"nested","ctx":{"level":"error"},"level":"debug"}     | DEBUG
			{"msg":"only nested","ctx":{"level":"error"}}                |
			{"level":50,"msg":"pino error"}                              | ERROR
			{"level":"warning","msg":"a \\"level\\": inside"}            | WARN
			plain text without any level                                 |
			""")
	void theChildsOwnLevelIsRead(String line, ChildLogLevel expected) {
		assertThat(ChildLogLevel.of(line)).isEqualTo(expected);
	}

	@Test
	void logModeLogsAtTheChildsLevelAndStderrWithoutOneAtWarn() {
		ScriptChild script = ScriptChild.create(this.dir, "child", """
				echo 'level=error msg="from logfmt"'
				echo '{"level":"debug","msg":"from json"}'
				echo 'plain stdout'
				echo 'plain stderr' >&2
				echo 'level=info msg="stderr with a level"' >&2
				""");
		try (LogCapture log = LogCapture.of("child.lv");
				Harness harness = Harness.of(script)
					.policy(RestartPolicy.NEVER)
					.sink(new LoggingOutputSink("lv"))
					.start()) {
			await().atMost(Harness.WAIT).until(() -> !harness.events(Type.EXITED).isEmpty());
			await().atMost(Harness.WAIT).until(() -> log.lines().size() >= 4);
			// DEBUG is off for child.* in tests (root INFO): the JSON debug line is
			// filtered, not promoted.
			assertThat(log.lines().stream().map((line) -> line.replaceFirst(" \\[lv:\\d+\\]", "")))
				.containsExactlyInAnyOrder("ERROR level=error msg=\"from logfmt\"", "INFO plain stdout",
						"WARN plain stderr", "INFO level=info msg=\"stderr with a level\"");
		}
	}

	@Test
	void passthroughCopiesEachStreamByteForByte() throws Exception {
		ScriptChild script = ScriptChild.create(this.dir, "child",
				"printf '" + PRINTF + "'\nprintf 'err \\033 \\377 line\\nerr-tail' >&2");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		PrintStream outStream = new PrintStream(out, true);
		PrintStream errStream = new PrintStream(err, true);
		try (Harness harness = Harness.of(script)
			.policy(RestartPolicy.NEVER)
			.sink(new PassthroughOutputSink(() -> outStream, () -> errStream))
			.start()) {
			await().atMost(Harness.WAIT).until(() -> !harness.events(Type.EXITED).isEmpty());
			assertThat(out.toByteArray()).isEqualTo(EXPECTED);
			assertThat(err.toByteArray()).isEqualTo(concat("err \u001b ".getBytes(StandardCharsets.ISO_8859_1),
					new byte[] { (byte) 0xff }, " line\nerr-tail".getBytes(StandardCharsets.UTF_8)));
		}
	}

	@Test
	void passthroughStillRecognisesTheWrappersExecFailure() {
		ScriptChild interpreter = ScriptChild.create(this.dir, "interpreter", "").write("#!/nonexistent/sh\n");
		ScriptChild script = ScriptChild.create(this.dir, "child", "").write("#!" + interpreter.script() + "\n");
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		PrintStream errStream = new PrintStream(err, true);
		try (Harness harness = Harness.of(script)
			.sink(new PassthroughOutputSink(() -> System.out, () -> errStream))
			.start()) {
			ChildStatus status = harness.awaitState(ChildState.FATAL);
			assertThat(status.history().get(0).type()).isEqualTo(Type.START_FAILED);
			assertThat(status.history().get(0).detail()).startsWith("setpriv: failed to execute");
			assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("setpriv: failed to execute");
		}
	}

	@Test
	void aServiceInPassthroughModeWritesTheChildsBytesToItsOwnOutputUnchanged() throws Exception {
		Path conf = Files.writeString(this.dir.resolve("app.conf"), "v1\n");
		ScriptChild script = ScriptChild.create(this.dir, "passthrough",
				"printf '" + PRINTF + "'\nprintf 'STDERR-MARK {\"severity\":\"WARNING\"}\\n' >&2\nexec sleep 600");
		Path log = this.dir.resolve("service.log");
		try (ServiceProcess service = ServiceProcess.start(log,
				List.of("--flush-manager.child.output=passthrough", "--flush-manager.watch.files=" + conf,
						"--flush-manager.child.command=" + script.command(),
						"--flush-manager.child.start-grace=200ms"))) {
			service.awaitReady(Duration.ofSeconds(60));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> indexOf(Files.readAllBytes(log), EXPECTED) >= 0
						&& latin1(log).contains("STDERR-MARK {\"severity\":\"WARNING\"}\n"));
			String text = latin1(log);
			// Not wrapped: no "[passthrough.sh:<pid>]" prefix and no logger name in front
			// of the child's lines.
			assertThat(text).doesNotContain("passthrough.sh:").doesNotContain("child.passthrough");
		}
	}

	/**
	 * The service's output, byte for char: it holds bytes that are not UTF-8 on purpose.
	 */
	private static String latin1(Path log) throws java.io.IOException {
		return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
