package io.flushmanager.collect.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code s3://bucket/prefix} on any S3-compatible store through the AWS SDK v2 and the
 * JDK's HTTP connection. Credentials come from the SDK's standard chain and never reach a
 * log. The spool file has a known length, so a plain PUT with {@code Content-MD5} does
 * (no multipart: its ETag is no checksum); the SHA-256 of the stored bytes and of the
 * original file go with it as object metadata and are read back by {@link #stat}.
 * Trailing checksums are only sent when an operation requires them: s3rver, MinIO and
 * older Ceph refuse the SDK's default.
 */
public final class S3Target implements Target, AutoCloseable {

	private static final String SHA256 = "fm-sha256";

	private static final String CONTENT_SHA256 = "fm-content-sha256";

	private static final String CONTENT_SIZE = "fm-content-size";

	private final S3Client client;

	private final String bucket;

	private final String prefix;

	/**
	 * @param target {@code s3://bucket/prefix}
	 * @param endpoint endpoint override, or {@code null} for AWS
	 * @param region region, or {@code null} for us-east-1
	 * @param pathStyle path-style addressing
	 */
	public S3Target(String target, @Nullable URI endpoint, @Nullable String region, boolean pathStyle) {
		URI uri = URI.create(target);
		this.bucket = uri.getHost();
		String path = (uri.getPath() != null) ? uri.getPath().replaceAll("^/+", "").replaceAll("/+$", "") : "";
		this.prefix = path.isEmpty() ? "" : path + "/";
		S3ClientBuilder builder = S3Client.builder()
			.httpClientBuilder(UrlConnectionHttpClient.builder())
			.region(Region.of((region != null && !region.isBlank()) ? region : "us-east-1"))
			.forcePathStyle(pathStyle)
			// Over plain HTTP the SDK signs chunk by chunk (aws-chunked); s3rver stored
			// that framing as the
			// object's bytes (305 stored for 132 sent: caught by the verification). A
			// signed payload hash
			// of the spool file works everywhere.
			.serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		this.client = builder.build();
	}

	@Override
	public String url(String key) {
		return "s3://" + this.bucket + "/" + this.prefix + key;
	}

	@Override
	public void store(String key, Path spool, StoredObject object) throws IOException {
		MessageDigest md5 = Sha256.md5();
		try (InputStream in = Files.newInputStream(spool)) {
			byte[] buffer = new byte[65536];
			for (int n; (n = in.read(buffer)) > 0;) {
				md5.update(buffer, 0, n);
			}
		}
		try {
			this.client.putObject((put) -> put.bucket(this.bucket)
				.key(this.prefix + key)
				.contentLength(object.size())
				.contentMD5(Base64.getEncoder().encodeToString(md5.digest()))
				.metadata(Map.of(SHA256, object.sha256(), CONTENT_SHA256, object.contentSha256(), CONTENT_SIZE,
						Long.toString(object.contentSize()))),
					RequestBody.fromFile(spool));
		}
		catch (SdkException ex) {
			throw new IOException("S3 PUT " + url(key) + " failed: " + ex.getMessage(), ex);
		}
	}

	@Override
	public Optional<StoredObject> stat(String key) throws IOException {
		try {
			HeadObjectResponse head = this.client
				.headObject((request) -> request.bucket(this.bucket).key(this.prefix + key));
			Map<String, String> metadata = head.metadata();
			String contentSize = metadata.get(CONTENT_SIZE);
			return Optional.of(new StoredObject(head.contentLength(), metadata.getOrDefault(SHA256, ""),
					metadata.getOrDefault(CONTENT_SHA256, ""),
					(contentSize != null) ? Long.parseLong(contentSize) : -1));
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return Optional.empty();
			}
			throw new IOException("S3 HEAD " + url(key) + " failed: " + ex.getMessage(), ex);
		}
		catch (SdkException ex) {
			throw new IOException("S3 HEAD " + url(key) + " failed: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void delete(String key) throws IOException {
		try {
			this.client.deleteObject((request) -> request.bucket(this.bucket).key(this.prefix + key));
		}
		catch (SdkException ex) {
			throw new IOException("S3 DELETE " + url(key) + " failed: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		this.client.close();
	}

}
