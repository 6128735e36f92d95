package io.flushmanager.reload.stage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reload.diff=redacted}: changed lines, secret-looking values masked; binary and
 * large files by size and hash only; nothing at all when off.
 */
class RedactedDiffTest {

	private static byte[] text(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static List<String> diff(boolean enabled, Map<String, byte[]> before, Map<String, byte[]> after) {
		List<String> lines = new ArrayList<>();
		new RedactedDiff(enabled, lines::add).log(before, after);
		return lines;
	}

	@Test
	void changedLinesWithSecretsMasked() {
		String old = "redis.addr=redis://127.0.0.1:6379\nredis.password=old-pw\nscrape.interval=15s\n";
		String now = "redis.addr=redis://user:hunter2@10.0.0.1:6379\nredis.password=new-pw\nscrape.interval=30s\n"
				+ "api_token: abc123\n\"clientSecret\": \"s3\"\nrequirepass topsecret\n";
		String out = String.join("\n",
				diff(true, Map.of("exporter.conf", text(old)), Map.of("exporter.conf", text(now))));
		assertThat(out).contains("Config diff of exporter.conf")
			.contains("  - scrape.interval=15s")
			.contains("  + scrape.interval=30s")
			.contains("  + redis.password=******")
			.contains("  + api_token: ******")
			.contains("\"clientSecret\": ******")
			.contains("requirepass ******")
			.contains("redis://user:******@10.0.0.1:6379");
		assertThat(out).doesNotContain("old-pw", "new-pw", "hunter2", "abc123", "s3\"", "topsecret");
	}

	@Test
	void binaryAndLargeFilesShowSizesAndHashesOnly() {
		byte[] binary = { 1, 2, 0, 3 };
		byte[] large = text("password=x\n".repeat(10_000));
		List<String> out = diff(true, Map.of("a.bin", text("x"), "b.conf", text("y")),
				Map.of("a.bin", binary, "b.conf", large));
		assertThat(out).hasSize(2).allSatisfy((line) -> assertThat(line).contains("not shown").contains("sha256"));
		assertThat(String.join("\n", out)).doesNotContain("password");
	}

	@Test
	void offLogsNothing() {
		assertThat(diff(false, Map.of("a", text("password=1")), Map.of("a", text("password=2")))).isEmpty();
	}

}
