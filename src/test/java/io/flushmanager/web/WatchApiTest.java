package io.flushmanager.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.flushmanager.support.Hashes;
import io.flushmanager.support.HttpAnswer;
import io.flushmanager.support.HttpApi;
import io.flushmanager.support.HttpServiceBase;
import io.flushmanager.support.HttpServiceFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/watch}, {@code GET /api/watch/history} and
 * {@code GET /actuator/configwatch} against the whole service watching a ConfigMap-style
 * directory that the kubelet replica updates.
 */
class WatchApiTest extends HttpServiceBase {

	private static final List<String> FILE_FIELDS = List.of("path", "exists", "symlink", "resolvedPath",
			"configMapLayout", "inode", "device", "size", "lastModified", "sha256", "changeCount", "lastChangeAt",
			"error");

	private static final List<String> HISTORY_FIELDS = List.of("at", "path", "source", "oldInode", "newInode",
			"oldSha256", "newSha256", "resolvedPath", "action");

	@Test
	void watchAnswersTheDocumentedFields() throws IOException {
		HttpAnswer answer = api().get("/api/watch");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.contentType()).startsWith("application/json");
		JsonNode watch = answer.json();
		assertThat(watch.get("nativeEvents").asBoolean()).isTrue();
		assertThat(watch.get("mode").asString()).isEqualTo("NATIVE_AND_POLLING");
		// ISO-8601 durations, as SPEC section 6 shows them ("PT5S", "PT0.5S").
		assertThat(watch.get("pollInterval").asString()).isEqualTo("PT0.2S");
		assertThat(watch.get("debounce").asString()).isEqualTo("PT0.1S");
		assertThat(watch.get("files")).hasSize(1);
		JsonNode file = watch.get("files").get(0);
		assertThat(names(file)).containsAll(FILE_FIELDS);
		assertThat(file.get("path").asString()).isEqualTo(fixture.file().toString());
		assertThat(file.get("exists").asBoolean()).isTrue();
		assertThat(file.get("symlink").asBoolean()).isTrue();
		assertThat(file.get("configMapLayout").asBoolean()).isTrue();
		assertThat(file.get("error").isNull()).isTrue();
		await().atMost(TIMEOUT).untilAsserted(() -> {
			JsonNode now = api().get("/api/watch").json().get("files").get(0);
			assertThat(now.get("inode").asLong()).isEqualTo(fixture.inode());
			assertThat(now.get("device").asLong()).isEqualTo((Long) Files.getAttribute(fixture.file(), "unix:dev"));
			assertThat(now.get("resolvedPath").asString()).isEqualTo(fixture.file().toRealPath().toString());
			assertThat(now.get("size").asLong()).isEqualTo(Files.size(fixture.file()));
			assertThat(now.get("sha256").asString()).isEqualTo(Hashes.sha256(Files.readString(fixture.file())));
			assertThat(Instant.parse(now.get("lastModified").asString()))
				.isEqualTo(Files.getLastModifiedTime(fixture.file()).toInstant());
		});
	}

	@Test
	void historyShowsTheRealInodesOfThreeKubeletUpdatesNewestFirst() throws IOException {
		Path file = fixture.file();
		List<Long> inodes = new ArrayList<>();
		List<String> resolved = new ArrayList<>();
		inodes.add(fixture.inode());
		resolved.add(file.toRealPath().toString());
		int before = history("?path=" + file).size();
		assertThat(before).as("only the state at start so far").isEqualTo(1);
		for (int update = 1; update <= 3; update++) {
			fixture.update("inode test " + update + "\n");
			inodes.add(fixture.inode());
			resolved.add(file.toRealPath().toString());
			int expected = before + update;
			await().atMost(TIMEOUT).until(() -> history("?path=" + file).size() == expected);
		}
		// Each kubelet update writes a new file behind the visible link while the old one
		// still exists, so
		// each inode differs from the one before (the filesystem may hand a freed number
		// out again later).
		for (int update = 1; update <= 3; update++) {
			assertThat(inodes.get(update)).isNotEqualTo(inodes.get(update - 1));
		}
		List<JsonNode> history = history("?path=" + file);
		for (int i = 0; i < 3; i++) {
			JsonNode entry = history.get(i);
			int update = 3 - i;
			assertThat(names(entry)).containsAll(HISTORY_FIELDS);
			assertThat(entry.get("path").asString()).isEqualTo(file.toString());
			assertThat(entry.get("source").asString()).isIn("EVENT", "POLL");
			assertThat(entry.get("newInode").asLong()).isEqualTo(inodes.get(update));
			assertThat(entry.get("oldInode").asLong()).isEqualTo(inodes.get(update - 1));
			assertThat(entry.get("resolvedPath").asString()).isEqualTo(resolved.get(update));
			assertThat(entry.get("newSha256").asString()).isEqualTo(Hashes.sha256("inode test " + update + "\n"));
			assertThat(Instant.parse(entry.get("at").asString()))
				.isAfterOrEqualTo(Instant.parse(history.get(i + 1).get("at").asString()));
		}
		// The oldest entry is the state taken at start, with the first inode.
		JsonNode startup = history.get(history.size() - 1);
		assertThat(startup.get("source").asString()).isEqualTo("STARTUP");
		assertThat(startup.get("oldInode").isNull()).isTrue();
		assertThat(startup.get("newInode").asLong()).isEqualTo(inodes.get(0));
		assertThat(startup.get("resolvedPath").asString()).isEqualTo(resolved.get(0));
		// The reload coordinator acts on each update once the debounce is over; an update
		// that landed while
		// the child restarted was read by the new child at its start (or folded into the
		// next), so it needs no
		// reload of its own.
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(history("?path=" + file).subList(0, 3))
				.allSatisfy((entry) -> assertThat(entry.get("action").asString()).isIn("RELOADED", "COALESCED",
						"UNCHANGED_CONTENT")));
	}

	@Test
	void historyWithoutPathListsEveryFileAndAcceptsAnEquivalentSpelling() {
		Path other = fixture.file().getParent().resolve("../conf/./" + HttpServiceFixture.KEY);
		assertThat(history("?path=" + other)).isEqualTo(history("?path=" + fixture.file()));
		assertThat(history("")).isEqualTo(history("?path=" + fixture.file()));
	}

	@Test
	void unknownPathIs404WithAJsonError() {
		HttpAnswer answer = api().get("/api/watch/history?path=/etc/passwd");
		assertJsonError(answer, 404, "/api/watch/history");
		assertThat(answer.json().get("message").asString()).contains("Not a watched file: /etc/passwd")
			.contains(fixture.file().toString());
	}

	@Test
	void malformedPathsAre400WithAJsonErrorNever500() {
		assertJsonError(api().get("/api/watch/history?path=%00"), 400, "/api/watch/history");
		assertJsonError(api().get("/api/watch/history?path="), 400, "/api/watch/history");
		// What curl sends as written: a broken %-escape and an unencoded space.
		assertJsonError(api().raw("GET", "/api/watch/history?path=%zz"), 400, "/api/watch/history");
		assertJsonError(api().raw("GET", "/api/watch/history?path=a b"), 400, "/api/watch/history");
		// Characters that should be encoded but are accepted: simply not a watched file.
		assertJsonError(api().raw("GET", "/api/watch/history?path=[x]"), 404, "/api/watch/history");
	}

	@Test
	void configWatchEndpointShowsTheSameFilesAndHistory() {
		HttpAnswer answer = api().get("/actuator/configwatch");
		assertThat(answer.status()).isEqualTo(200);
		JsonNode body = answer.json();
		assertThat(names(body)).containsExactly("files", "history");
		assertThat(body.get("files")).isEqualTo(api().get("/api/watch").json().get("files"));
		assertThat(body.get("history").size()).isEqualTo(history("").size());
		assertThat(body.get("history").get(0)).isEqualTo(history("").get(0));
		assertThat(names(body.get("history").get(0))).containsAll(HISTORY_FIELDS);
	}

	static void assertJsonError(HttpAnswer answer, int status, String path) {
		assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
		assertThat(answer.contentType()).startsWith("application/json");
		JsonNode error = answer.json();
		assertThat(names(error)).contains("status", "error", "message", "path");
		assertThat(error.get("status").asInt()).isEqualTo(status);
		assertThat(error.get("path").asString()).isEqualTo(path);
		assertThat(error.get("message").asString()).isNotBlank();
	}

	static List<String> names(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

	private List<JsonNode> history(String query) {
		HttpAnswer answer = api().get("/api/watch/history" + query);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		List<JsonNode> entries = new ArrayList<>();
		answer.json().forEach(entries::add);
		return entries;
	}

	private HttpApi api() {
		return new HttpApi(this.port);
	}

}
