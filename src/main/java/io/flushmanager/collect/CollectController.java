package io.flushmanager.collect;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.flushmanager.collect.ledger.Entry;
import io.flushmanager.collect.ledger.State;

/**
 * {@code /api/collect}: the summary, the files by state, and the retry of a FAILED file.
 * The retry is a mutating call: with {@code flush-manager.security.token} set it needs
 * the bearer token, like every POST.
 */
@RestController
@ConditionalOnProperty(prefix = "flush-manager.collect", name = "dirs")
class CollectController {

	private final CollectService service;

	CollectController(CollectService service) {
		this.service = service;
	}

	@GetMapping("/api/collect")
	CollectService.Summary summary() {
		return this.service.summary();
	}

	@GetMapping("/api/collect/files")
	List<FileView> files(@RequestParam(name = "state", required = false) @Nullable String state) {
		State wanted = null;
		if (state != null && !state.isBlank()) {
			try {
				wanted = State.valueOf(state.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
						"state must be one of discovered, settled, stored, handed_off, done, failed");
			}
		}
		return this.service.files(wanted).stream().map(FileView::of).toList();
	}

	@GetMapping("/api/collect/files/{id}")
	FileView file(@PathVariable String id) {
		return this.service.file(id)
			.map(FileView::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No collected file with this id"));
	}

	@PostMapping("/api/collect/files/{id}/retry")
	FileView retry(@PathVariable String id) throws IOException {
		if (this.service.file(id).isEmpty()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No collected file with this id");
		}
		return this.service.retry(id)
			.map(FileView::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT, "Only a FAILED file can be retried"));
	}

	/**
	 * A collected file as the API shows it.
	 */
	record FileView(String id, State state, String path, long size, @Nullable String sha256, @Nullable String key,
			@Nullable String url, int attempts, @Nullable String error, @Nullable State failedIn, Instant discoveredAt,
			Instant updatedAt, Map<String, String> metadata) {

		static FileView of(Entry entry) {
			return new FileView(entry.id(), entry.state(), entry.path().toString(), entry.size(), entry.sha256(),
					entry.key(), entry.url(), entry.attempts(), entry.error(), entry.failedFrom(),
					Instant.ofEpochMilli(entry.discoveredAt()), Instant.ofEpochMilli(entry.updatedAt()), entry.meta());
		}

	}

}
