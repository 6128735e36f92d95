package io.flushmanager.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.collect.ledger.Entry;
import io.flushmanager.collect.ledger.State;
import io.flushmanager.collect.store.S3Target;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 target against a real S3-compatible server (s3rver): stored, verified from the
 * object's metadata, one key per file, and a store that is down for a while then back.
 */
class S3TargetTest {

	@TempDir
	Path root;

	@BeforeAll
	static void credentials() {
		// s3rver's fixed credentials, through the SDK's standard chain (system properties
		// come first).
		System.setProperty("aws.accessKeyId", "S3RVER");
		System.setProperty("aws.secretAccessKey", "S3RVER");
	}

	@AfterAll
	static void noCredentials() {
		System.clearProperty("aws.accessKeyId");
		System.clearProperty("aws.secretAccessKey");
	}

	@Test
	void storedVerifiedAndDeletedOnlyAfterwardsThroughADownStore() throws Exception {
		S3rver.binary();
		try (S3rver s3 = S3rver.start(this.root.resolve("s3"));
				S3Target target = new S3Target("s3://" + S3rver.BUCKET + "/node-1", s3.endpoint(), "us-east-1", true);
				Harness h = new Harness(this.root.resolve("h"), Duration.ofSeconds(5),
						CollectProperties.AfterUpload.DELETE, target)) {
			Path core = Files.writeString(Files.createDirectories(h.in.resolve("ns/pod/app")).resolve("core.s3"),
					"x".repeat(100_000));
			h.poll();
			s3.down();
			h.ticker.advance(Duration.ofSeconds(5));
			h.collector.tick();
			h.runWorkers();
			assertThat(h.only().state()).isEqualTo(State.SETTLED);
			assertThat(h.only().error()).contains("S3 PUT");
			assertThat(core).as("kept while the store is down").exists();
			s3.up();
			h.ticker.advance(Duration.ofSeconds(5));
			h.collector.tick();
			h.runWorkers();
			Entry done = h.only();
			assertThat(done.state()).isEqualTo(State.DONE);
			assertThat(done.url()).isEqualTo("s3://cores/node-1/" + done.key());
			assertThat(target.stat(done.key())).get().satisfies((object) -> {
				assertThat(object.contentSha256()).isEqualTo(done.sha256());
				assertThat(object.contentSize()).isEqualTo(100_000);
				assertThat(object.size()).isEqualTo(done.storedSize()).isLessThan(1000);
			});
			assertThat(core).doesNotExist();
		}
	}

	@Test
	void aMissingObjectIsReportedAsNone() throws IOException, InterruptedException {
		S3rver.binary();
		try (S3rver s3 = S3rver.start(this.root.resolve("s3"));
				S3Target target = new S3Target("s3://" + S3rver.BUCKET, s3.endpoint(), null, true)) {
			assertThat(target.stat("no/such/key")).isEmpty();
		}
	}

}
