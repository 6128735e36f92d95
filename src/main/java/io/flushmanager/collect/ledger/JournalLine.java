package io.flushmanager.collect.ledger;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;

/**
 * One journal line: a CRC32 of the payload, then the entry's fields URL-encoded. Its own
 * type because the format is what makes a torn or corrupt tail detectable after a crash,
 * and it must stay readable by older and newer versions alike; the {@link Ledger} only
 * decides when lines are written, forced and rewritten.
 */
final class JournalLine {

	private JournalLine() {
	}

	static byte[] encode(Entry entry) {
		StringBuilder payload = new StringBuilder();
		entry.fields().forEach((name, value) -> {
			if (payload.length() > 0) {
				payload.append('&');
			}
			payload.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
		});
		byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
		CRC32 crc = new CRC32();
		crc.update(body);
		String line = String.format("%08x ", crc.getValue()) + payload + "\n";
		return line.getBytes(StandardCharsets.UTF_8);
	}

	static @Nullable Entry decode(String line) {
		int space = line.indexOf(' ');
		if (space != 8) {
			return null;
		}
		String payload = line.substring(space + 1);
		CRC32 crc = new CRC32();
		crc.update(payload.getBytes(StandardCharsets.UTF_8));
		if (!String.format("%08x", crc.getValue()).equals(line.substring(0, space))) {
			return null;
		}
		Map<String, String> fields = new LinkedHashMap<>();
		for (String pair : payload.split("&")) {
			int equals = pair.indexOf('=');
			fields.put(pair.substring(0, equals),
					URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		try {
			return Entry.of(fields);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
