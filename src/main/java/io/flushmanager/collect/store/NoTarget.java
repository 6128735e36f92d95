package io.flushmanager.collect.store;

import java.nio.file.Path;
import java.util.Optional;

/** {@code none}: files are only recorded, handed to the command and the webhook. */
public final class NoTarget implements Target {

	@Override
	public String url(String key) {
		return "";
	}

	@Override
	public void store(String key, Path spool, StoredObject object) {
	}

	@Override
	public Optional<StoredObject> stat(String key) {
		return Optional.empty();
	}

	@Override
	public void delete(String key) {
	}

}
