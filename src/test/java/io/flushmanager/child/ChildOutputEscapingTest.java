package io.flushmanager.child;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.child.ChildEvent.Type;
import io.flushmanager.config.ChildProperties.RestartPolicy;
import io.flushmanager.support.LogCapture;
import io.flushmanager.support.ScriptChild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A child's output cannot forge log lines or drive the operator's terminal: control bytes
 * reach the log escaped, and bytes that are not UTF-8 as U+FFFD.
 */
class ChildOutputEscapingTest {

	@TempDir
	Path dir;

	@Test
	void controlBytesFromTheChildAreLoggedEscaped() {
		// ESC[31m, a CR that would overwrite the line, NUL, BEL, DEL, an 8-bit CSI, a
		// lone 0xff, a TAB.
		ScriptChild script = ScriptChild.create(this.dir, "child",
				"printf 'a\\033[31mred\\rforged\\000nul\\007bel\\177del\\302\\233csi\\377bad\\tok\\n'");
		try (LogCapture log = LogCapture.of("child.esc");
				Harness harness = Harness.of(script)
					.policy(RestartPolicy.NEVER)
					.sink(new LoggingOutputSink("esc"))
					.start()) {
			await().atMost(Harness.WAIT).until(() -> !harness.events(Type.EXITED).isEmpty());
			assertThat(log.lines()).singleElement()
				.asString()
				.endsWith("] a\\e[31mred\\rforged\\x00nul\\x07bel\\x7fdel\\x9bcsi\ufffdbad\tok");
		}
	}

	@Test
	void ordinaryTextIsPassedOnAsIs() {
		String line = "level=info msg=\"ready\" path=C:\\tmp\\x00 \u00e9\u4e2d\t\ud83d\ude00";
		assertThat(ControlEscaper.escape(line)).isSameAs(line);
	}

	@Test
	void everyC0ControlButTabAndDelAndC1AreEscaped() {
		StringBuilder all = new StringBuilder();
		for (char c = 0; c < 0xA0; c++) {
			all.append(c);
		}
		String escaped = ControlEscaper.escape(all.toString());
		assertThat(escaped.chars().filter((c) -> c < 0x20 || (c >= 0x7F && c <= 0x9F))).containsExactly((int) '\t');
		assertThat(escaped).startsWith("\\x00\\x01")
			.contains("\\x08\t\\n\\x0b\\x0c\\r")
			.contains("\\e")
			.endsWith(
					"~\\x7f\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87\\x88\\x89\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f\\x90\\x91\\x92"
							+ "\\x93\\x94\\x95\\x96\\x97\\x98\\x99\\x9a\\x9b\\x9c\\x9d\\x9e\\x9f");
		assertThat(ControlEscaper.escape("a\u202Eb\u2028c")).isEqualTo("a\\u202eb\\u2028c");
	}

}
