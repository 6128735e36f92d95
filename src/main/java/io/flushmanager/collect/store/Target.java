package io.flushmanager.collect.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where collected files are stored. A store under the same key overwrites the same object
 * with the same bytes, so a retry after a crash is harmless.
 */
public interface Target {

	/**
	 * @param key the rendered key
	 * @return the object's URL, for people and for {@code FM_URL}
	 */
	String url(String key);

	/**
	 * Store the spooled (compressed) bytes under the key.
	 * @param key the key
	 * @param spool the bytes
	 * @param object what they are; kept as the object's metadata
	 * @throws IOException when it is not stored
	 */
	void store(String key, Path spool, StoredObject object) throws IOException;

	/**
	 * Read back what is stored under the key, for verification.
	 * @param key the key
	 * @return the stored object, empty when there is none
	 * @throws IOException when the store cannot be asked
	 */
	Optional<StoredObject> stat(String key) throws IOException;

	/**
	 * Remove the object under the key (a file that changed while it was being stored).
	 * @param key the key
	 * @throws IOException when the store refuses
	 */
	void delete(String key) throws IOException;

}
