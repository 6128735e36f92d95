package io.flushmanager.watch;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.flushmanager.config.WatchProperties.Compare;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The content rule on its own: snapshots and applied content made up in memory, no
 * filesystem.
 */
class ContentRuleTest {

	private static final Path FILE = Path.of("/etc/app/app.conf");

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final ContentRule content = new ContentRule(Compare.CONTENT);

	private final ContentRule metadata = new ContentRule(Compare.METADATA);

	@Test
	void newContentIsPending() {
		FileSnapshot before = file(1, T0, "aaa");
		FileSnapshot after = file(2, T0.plusSeconds(1), "bbb");
		assertThat(ContentRule.differs(before, after)).isTrue();
		assertThat(this.content.onDetected(before, after)).isEqualTo(ChangeAction.PENDING);
		assertThat(this.metadata.onDetected(before, after)).isEqualTo(ChangeAction.PENDING);
	}

	@Test
	void metadataOnlyIsUnchangedContentWhenComparingContent() {
		FileSnapshot before = file(1, T0, "aaa");
		FileSnapshot touched = file(2, T0.plusSeconds(1), "aaa");
		assertThat(ContentRule.differs(before, touched)).isTrue();
		assertThat(ContentRule.contentDiffers(before, touched)).isFalse();
		assertThat(this.content.onDetected(before, touched)).isEqualTo(ChangeAction.UNCHANGED_CONTENT);
	}

	@Test
	void metadataOnlyIsPendingWhenComparingMetadata() {
		FileSnapshot before = file(1, T0, "aaa");
		FileSnapshot touched = file(1, T0.plusSeconds(1), "aaa");
		assertThat(this.metadata.onDetected(before, touched)).isEqualTo(ChangeAction.PENDING);
	}

	@Test
	void unreadableOrMissingIsUnavailable() {
		FileSnapshot before = file(1, T0, "aaa");
		FileSnapshot unreadable = new FileSnapshot(FILE, true, false, FILE, false, 1L, 1L, 3L, T0, null,
				"permission denied");
		FileSnapshot missing = new FileSnapshot(FILE, false, false, null, false, null, null, null, null, null, null);
		assertThat(this.content.onDetected(before, unreadable)).isEqualTo(ChangeAction.UNAVAILABLE);
		assertThat(this.metadata.onDetected(before, unreadable)).isEqualTo(ChangeAction.UNAVAILABLE);
		assertThat(this.content.onDetected(before, missing)).isEqualTo(ChangeAction.UNAVAILABLE);
		assertThat(ContentRule.contentDiffers(before, missing)).isTrue();
	}

	@Test
	void backFromMissingIsPending() {
		FileSnapshot missing = new FileSnapshot(FILE, false, false, null, false, null, null, null, null, null, null);
		assertThat(this.content.onDetected(missing, file(3, T0, "aaa"))).isEqualTo(ChangeAction.PENDING);
	}

	@Test
	void identicalSnapshotsDoNotDiffer() {
		assertThat(ContentRule.differs(file(1, T0, "aaa"), file(1, T0, "aaa"))).isFalse();
	}

	@Test
	void aNewTargetOrErrorIsADifference() {
		FileSnapshot before = file(1, T0, "aaa");
		FileSnapshot retargeted = new FileSnapshot(FILE, true, true, Path.of("/etc/app/..2026/app.conf"), true, 1L, 1L,
				3L, T0, "aaa", null);
		assertThat(ContentRule.differs(before, retargeted)).isTrue();
		FileSnapshot failing = new FileSnapshot(FILE, true, false, FILE, false, 1L, 1L, 3L, T0, "aaa", "slow");
		assertThat(ContentRule.differs(before, failing)).isTrue();
	}

	@Test
	void backToAppliedContentIsUnchangedWhenComparingContent() {
		Applied applied = new Applied();
		applied.baseline(FILE, "aaa");
		assertThat(this.content.onConfirmed(file(5, T0, "aaa"), applied)).isEqualTo(ChangeAction.UNCHANGED_CONTENT);
		assertThat(this.content.onConfirmed(file(5, T0, "bbb"), applied)).isEqualTo(ChangeAction.PENDING);
	}

	@Test
	void backToAppliedContentStillReloadsWhenComparingMetadata() {
		Applied applied = new Applied();
		applied.baseline(FILE, "aaa");
		assertThat(this.metadata.onConfirmed(file(5, T0, "aaa"), applied)).isEqualTo(ChangeAction.PENDING);
	}

	@Test
	void unknownAppliedContentIsPending() {
		assertThat(this.content.onConfirmed(file(5, T0, "aaa"), new Applied())).isEqualTo(ChangeAction.PENDING);
	}

	private static FileSnapshot file(long inode, Instant modified, String sha256) {
		return new FileSnapshot(FILE, true, false, FILE, false, 1L, inode, 3L, modified, sha256, null);
	}

	/**
	 * Applied content kept in a map: a {@code null} hash is a file the child saw missing.
	 */
	private static final class Applied implements AppliedContent {

		private final Map<Path, @Nullable String> applied = new HashMap<>();

		@Override
		public void baseline(Path path, @Nullable String sha256) {
			this.applied.put(path, sha256);
		}

		@Override
		public boolean isApplied(Path path, @Nullable String sha256) {
			return this.applied.containsKey(path) && Objects.equals(this.applied.get(path), sha256);
		}

	}

}
