package io.flushmanager.collect;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.unit.DataSize;

import io.flushmanager.config.CheckedProperties;
import io.flushmanager.config.InvalidPropertyException;
import io.flushmanager.config.PropertyChecks;

/**
 * Collection mode, {@code flush-manager.collect.*} (HELP.md, "Collection mode"). Bound
 * only when {@code dirs} is set, so that the default mode never loads this class.
 *
 * @param dirs directories collected from, recursively
 * @param include glob patterns on the path relative to its dir
 * @param exclude glob patterns on the path relative to its dir
 * @param settle a file is complete when its size and mtime have not changed for this long
 * @param stateDir where the ledger and the spool live; must outlive the container
 * @param target {@code s3://bucket/prefix}, {@code file:///dir} or {@code none}
 * @param endpoint S3 endpoint override (MinIO, Ceph, COS)
 * @param region S3 region
 * @param pathStyle S3 path-style addressing
 * @param key object key template, rendered once when the file has settled
 * @param pathPattern how a file's path names its namespace, pod and container
 * @param compress streamed compression
 * @param afterUpload what happens to the local file once its stored object is verified
 * @param command run once per collected file
 * @param notification webhook called once per collected file ({@code notify.*})
 * @param retry upload and hand-off retries
 * @param concurrency files processed at once
 * @param quota local clean-up
 */
@ConfigurationProperties("flush-manager.collect")
@ConditionalOnProperty(prefix = "flush-manager.collect", name = "dirs")
public record CollectProperties(@DefaultValue List<Path> dirs, @DefaultValue("**") List<String> include,
		@DefaultValue List<String> exclude, @DefaultValue("5s") Duration settle, @Nullable Path stateDir,
		@Nullable String target, @Nullable URI endpoint, @Nullable String region,
		@DefaultValue("false") boolean pathStyle,
		@DefaultValue("{namespace}/{pod}/{container}/{date}/{sha256}-{name}") String key,
		@DefaultValue("{namespace}/{pod}/{container}/**") String pathPattern, @DefaultValue("zstd") Compress compress,
		@DefaultValue("keep") AfterUpload afterUpload, @DefaultValue List<String> command,
		@Name("notify") @DefaultValue Notify notification, @DefaultValue Retry retry,
		@DefaultValue("2") int concurrency, @DefaultValue Quota quota) implements CheckedProperties {

	static final String PREFIX = "flush-manager.collect";

	public CollectProperties {
		if (!dirs.isEmpty()) {
			check(dirs, stateDir, target, command);
		}
	}

	@Override
	public void check(PropertyChecks checks) {
		for (int i = 0; i < this.dirs.size(); i++) {
			checks.require("dirs[" + i + "]", this.dirs.get(i) != null, "must not be null");
		}
		checks.atLeast("settle", this.settle, 10);
		checks.between("concurrency", this.concurrency, 1, 64);
	}

	private static void check(List<Path> dirs, @Nullable Path stateDir, @Nullable String target, List<String> command) {
		if (stateDir == null) {
			throw new InvalidPropertyException(PREFIX + ".state-dir", null, "must be set when collection is on",
					"Point it at a directory that outlives the container (a hostPath or a PVC): the ledger lives there.");
		}
		if (target == null || target.isBlank()) {
			throw new InvalidPropertyException(PREFIX + ".target", target, "must be set when collection is on",
					"Use s3://bucket/prefix, file:///dir, or none.");
		}
		if (!(target.equals("none") || target.startsWith("s3://") || target.startsWith("file:///"))) {
			throw new InvalidPropertyException(PREFIX + ".target", target,
					"is not s3://bucket/prefix, file:///dir or none", "Use s3://bucket/prefix, file:///dir, or none.");
		}
		for (Path dir : dirs) {
			if (!dir.isAbsolute()) {
				throw new InvalidPropertyException(PREFIX + ".dirs", dir.toString(), "must be an absolute path",
						"Give the directory the crashing containers write to, for example /var/coredumps.");
			}
		}
		Path targetDir = target.startsWith("file:///") ? Path.of(URI.create(target)).normalize() : null;
		for (Path dir : dirs) {
			Path normal = dir.normalize();
			if (stateDir.normalize().startsWith(normal) || (targetDir != null && targetDir.startsWith(normal))) {
				throw new InvalidPropertyException(
						PREFIX + ((targetDir != null && targetDir.startsWith(normal)) ? ".target" : ".state-dir"), null,
						"is inside the collected directory " + dir + ": its own files would be collected again",
						"Keep the state directory and a file:// target outside flush-manager.collect.dirs.");
			}
		}
		if (!command.isEmpty() && command.get(0).isBlank()) {
			throw new InvalidPropertyException(PREFIX + ".command", "", "must name a program",
					"Give a program or leave it unset.");
		}
	}

	/**
	 * The webhook.
	 *
	 * @param url called once per collected file with a JSON body
	 * @param template body template ({@code {id}}, {@code {url}}, {@code {name}}, ...
	 * placeholders), for Slack-style payloads; unset gives the default JSON
	 * @param timeout one call's timeout
	 */
	public record Notify(@Nullable URI url, @Nullable String template,
			@DefaultValue("10s") Duration timeout) implements CheckedProperties {

		@Override
		public void check(PropertyChecks checks) {
			checks.atLeast("timeout", this.timeout, 1);
		}

	}

	/**
	 * Retries of upload and hand-off.
	 *
	 * @param initial first delay
	 * @param max largest delay
	 * @param maxAttempts attempts before the entry is FAILED
	 */
	public record Retry(@DefaultValue("5s") Duration initial, @DefaultValue("10m") Duration max,
			@DefaultValue("20") int maxAttempts) implements CheckedProperties {

		@Override
		public void check(PropertyChecks checks) {
			checks.atLeast("initial", this.initial, 0);
			checks.atLeast("max", this.max, 0);
			checks.between("maxAttempts", this.maxAttempts, 1, 10_000);
		}

	}

	/**
	 * Local clean-up.
	 *
	 * @param maxBytes collected files kept locally beyond this are removed, oldest stored
	 * first
	 * @param maxAge stored files older than this are removed
	 * @param hardMaxBytes past this, even files not yet stored are removed (logged and
	 * counted)
	 */
	public record Quota(@Nullable DataSize maxBytes, @Nullable Duration maxAge, @Nullable DataSize hardMaxBytes) {

	}

	/** Streamed compression of the stored object. */
	public enum Compress {

		NONE(""), GZIP(".gz"), ZSTD(".zst");

		private final String suffix;

		Compress(String suffix) {
			this.suffix = suffix;
		}

		/**
		 * The suffix added to the stored object's key.
		 * @return the suffix, empty for none
		 */
		public String suffix() {
			return this.suffix;
		}

	}

	/** The local file once stored. */
	public enum AfterUpload {

		KEEP, DELETE

	}

}
