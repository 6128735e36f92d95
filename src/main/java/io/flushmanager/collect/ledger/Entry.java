package io.flushmanager.collect.ledger;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One collected file as the ledger keeps it. Identity is device, inode and ctime at the
 * time it settled; everything needed to resume after a crash is here, including the key
 * rendered at settle time, so a retried upload lands on the same object.
 *
 * @param id stable id, the {@code FM_ID} of the hand-off
 * @param state where it is
 * @param path the file
 * @param device device number
 * @param inode inode number
 * @param ctime ctime in nanoseconds since the epoch (at settle; 0 before)
 * @param size size in bytes
 * @param mtime mtime in nanoseconds since the epoch
 * @param sha256 SHA-256 of the content (at settle)
 * @param key the rendered object key (at settle)
 * @param url where it was stored (once STORED)
 * @param storedSize the stored object's size (compressed)
 * @param storedSha256 SHA-256 of the stored object's bytes
 * @param commandDone whether the command already succeeded (so a crash before the webhook
 * does not rerun it)
 * @param attempts failed attempts of the current step
 * @param failedFrom the state a FAILED entry was in, where a retry resumes
 * @param error the last failure, for people
 * @param discoveredAt wall-clock milliseconds when first seen
 * @param updatedAt wall-clock milliseconds of the last transition
 * @param meta attribution and core metadata (namespace, pod, container, exe, pid, args)
 */
public record Entry(String id, State state, Path path, long device, long inode, long ctime, long size, long mtime,
		@Nullable String sha256, @Nullable String key, @Nullable String url, long storedSize,
		@Nullable String storedSha256, boolean commandDone, int attempts, @Nullable State failedFrom,
		@Nullable String error, long discoveredAt, long updatedAt, Map<String, String> meta) {

	public Entry {
		meta = Map.copyOf(meta);
	}

	/**
	 * A file just seen.
	 * @param id its id
	 * @param path the file
	 * @param device device
	 * @param inode inode
	 * @param size size
	 * @param mtime mtime in nanoseconds
	 * @param now wall-clock milliseconds
	 * @return the entry
	 */
	public static Entry discovered(String id, Path path, long device, long inode, long size, long mtime, long now) {
		return new Entry(id, State.DISCOVERED, path, device, inode, 0, size, mtime, null, null, null, 0, null, false, 0,
				null, null, now, now, Map.of());
	}

	public Entry withState(State next, long now) {
		return new Entry(this.id, next, this.path, this.device, this.inode, this.ctime, this.size, this.mtime,
				this.sha256, this.key, this.url, this.storedSize, this.storedSha256, this.commandDone, 0,
				(next == State.FAILED) ? this.state : null, (next == State.FAILED) ? this.error : null,
				this.discoveredAt, now, this.meta);
	}

	public Entry settled(long ctime, long size, long mtime, String sha256, String key, Map<String, String> meta,
			long now) {
		return new Entry(this.id, State.SETTLED, this.path, this.device, this.inode, ctime, size, mtime, sha256, key,
				null, 0, null, false, 0, null, null, this.discoveredAt, now, meta);
	}

	public Entry stored(String url, long storedSize, String storedSha256, long now) {
		return new Entry(this.id, State.STORED, this.path, this.device, this.inode, this.ctime, this.size, this.mtime,
				this.sha256, this.key, url, storedSize, storedSha256, false, 0, null, null, this.discoveredAt, now,
				this.meta);
	}

	public Entry commandRan(long now) {
		return new Entry(this.id, this.state, this.path, this.device, this.inode, this.ctime, this.size, this.mtime,
				this.sha256, this.key, this.url, this.storedSize, this.storedSha256, true, 0, null, null,
				this.discoveredAt, now, this.meta);
	}

	/** Back to DISCOVERED: the file changed after it was thought complete. */
	public Entry resettle(long size, long mtime, long now) {
		return new Entry(this.id, State.DISCOVERED, this.path, this.device, this.inode, 0, size, mtime, null, null,
				null, 0, null, false, 0, null, null, this.discoveredAt, now, Map.of());
	}

	public Entry failedAttempt(String error, int attempts, long now) {
		return new Entry(this.id, this.state, this.path, this.device, this.inode, this.ctime, this.size, this.mtime,
				this.sha256, this.key, this.url, this.storedSize, this.storedSha256, this.commandDone, attempts,
				this.failedFrom, error, this.discoveredAt, now, this.meta);
	}

	/** FAILED after the last attempt; {@link #retried} resumes where it stopped. */
	public Entry failed(String error, long now) {
		return new Entry(this.id, State.FAILED, this.path, this.device, this.inode, this.ctime, this.size, this.mtime,
				this.sha256, this.key, this.url, this.storedSize, this.storedSha256, this.commandDone, this.attempts,
				this.state, error, this.discoveredAt, now, this.meta);
	}

	public Entry retried(long now) {
		State resume = (this.failedFrom != null) ? this.failedFrom : State.DISCOVERED;
		return new Entry(this.id, resume, this.path, this.device, this.inode, this.ctime, this.size, this.mtime,
				this.sha256, this.key, this.url, this.storedSize, this.storedSha256, this.commandDone, 0, null, null,
				this.discoveredAt, now, this.meta);
	}

	/** The fields as text, for the journal. */
	Map<String, String> fields() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("id", this.id);
		fields.put("state", this.state.name());
		fields.put("path", this.path.toString());
		fields.put("dev", Long.toString(this.device));
		fields.put("ino", Long.toString(this.inode));
		fields.put("ctime", Long.toString(this.ctime));
		fields.put("size", Long.toString(this.size));
		fields.put("mtime", Long.toString(this.mtime));
		put(fields, "sha256", this.sha256);
		put(fields, "key", this.key);
		put(fields, "url", this.url);
		fields.put("storedSize", Long.toString(this.storedSize));
		put(fields, "storedSha256", this.storedSha256);
		fields.put("commandDone", Boolean.toString(this.commandDone));
		fields.put("attempts", Integer.toString(this.attempts));
		put(fields, "failedFrom", (this.failedFrom != null) ? this.failedFrom.name() : null);
		put(fields, "error", this.error);
		fields.put("discoveredAt", Long.toString(this.discoveredAt));
		fields.put("updatedAt", Long.toString(this.updatedAt));
		this.meta.forEach((name, value) -> fields.put("meta." + name, value));
		return fields;
	}

	static Entry of(Map<String, String> fields) {
		Map<String, String> meta = new LinkedHashMap<>();
		fields.forEach((name, value) -> {
			if (name.startsWith("meta.")) {
				meta.put(name.substring(5), value);
			}
		});
		String failedFrom = fields.get("failedFrom");
		return new Entry(fields.get("id"), State.valueOf(fields.get("state")), Path.of(fields.get("path")),
				Long.parseLong(fields.get("dev")), Long.parseLong(fields.get("ino")),
				Long.parseLong(fields.get("ctime")), Long.parseLong(fields.get("size")),
				Long.parseLong(fields.get("mtime")), fields.get("sha256"), fields.get("key"), fields.get("url"),
				Long.parseLong(fields.get("storedSize")), fields.get("storedSha256"),
				Boolean.parseBoolean(fields.get("commandDone")), Integer.parseInt(fields.get("attempts")),
				(failedFrom != null) ? State.valueOf(failedFrom) : null, fields.get("error"),
				Long.parseLong(fields.get("discoveredAt")), Long.parseLong(fields.get("updatedAt")), meta);
	}

	private static void put(Map<String, String> fields, String name, @Nullable String value) {
		if (value != null) {
			fields.put(name, value);
		}
	}

}
