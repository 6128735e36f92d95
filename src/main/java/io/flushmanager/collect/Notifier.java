package io.flushmanager.collect;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import io.flushmanager.collect.ledger.Entry;

/**
 * {@code flush-manager.collect.notify.url}: one POST per collected file. The default body
 * is a JSON object of the file's facts; a template replaces {@code {id}}, {@code {file}},
 * {@code {url}}, {@code {sha256}}, {@code {size}}, {@code {namespace}}, {@code {pod}},
 * {@code {container}}, {@code {exe}}, {@code {pid}} with JSON-escaped values (Slack:
 * {@code {"text":"core of {exe} in {pod}: {url}"}}). Carries {@code X-FM-Id} so a
 * receiver can drop a repeat after a crash.
 */
final class Notifier {

	private final URI url;

	private final @Nullable String template;

	private final Duration timeout;

	private final HttpClient client;

	Notifier(URI url, @Nullable String template, Duration timeout) {
		this.url = url;
		this.template = template;
		this.timeout = timeout;
		this.client = HttpClient.newBuilder()
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	void send(Entry entry) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.url)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header("X-FM-Id", entry.id())
			.POST(HttpRequest.BodyPublishers.ofString(body(entry)))
			.build();
		HttpResponse<Void> response;
		try {
			response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
		}
		catch (IOException ex) {
			// Not the URL: a Slack-style webhook carries its secret in the path.
			throw new IOException("the webhook call failed: " + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? " " + ex.getMessage() : ""), ex);
		}
		if (response.statusCode() / 100 != 2) {
			throw new IOException("the webhook answered " + response.statusCode());
		}
	}

	String body(Entry entry) {
		Map<String, String> values = values(entry);
		if (this.template == null || this.template.isBlank()) {
			StringBuilder json = new StringBuilder("{");
			values.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
				.append('"')
				.append(name)
				.append("\":\"")
				.append(escape(value))
				.append('"'));
			return json.append('}').toString();
		}
		String body = this.template;
		for (Map.Entry<String, String> value : values.entrySet()) {
			body = body.replace("{" + value.getKey() + "}", escape(value.getValue()));
		}
		return body;
	}

	private static Map<String, String> values(Entry entry) {
		Map<String, String> values = new TreeMap<>();
		HandOffCommand.variables(entry).forEach((name, value) -> values.put(name.substring(3).toLowerCase(), value));
		values.put("name", entry.path().getFileName().toString());
		return values;
	}

	static String escape(String value) {
		StringBuilder out = new StringBuilder();
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

}
