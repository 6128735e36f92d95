package io.flushmanager.collect.store;

/**
 * What a stored object is, as written and as read back for verification.
 *
 * @param size the stored bytes (compressed)
 * @param sha256 SHA-256 of the stored bytes, kept with the object (object metadata)
 * @param contentSha256 SHA-256 of the original file
 * @param contentSize size of the original file
 */
public record StoredObject(long size, String sha256, String contentSha256, long contentSize) {

}
