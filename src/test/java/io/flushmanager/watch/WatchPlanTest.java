package io.flushmanager.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.fs.AtomicWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which directories and names the watcher listens to, worked out from layouts made on
 * disk (no watcher, no events).
 */
class WatchPlanTest {

	@TempDir
	Path dir;

	@Test
	void kubeletLayoutIsWatchedInTheMountDirectoryOnly() throws IOException {
		new AtomicWriter(this.dir).writeText(Map.of("app.conf", "v1"));
		Path file = this.dir.resolve("app.conf");
		WatchPlan plan = WatchPlan.of(List.of(file));
		assertThat(plan.directories()).containsExactly(this.dir);
		assertThat(plan.filesFor(this.dir, "app.conf")).containsExactly(file);
		assertThat(plan.filesFor(this.dir, "..data")).containsExactly(file);
		assertThat(plan.filesFor(this.dir, "..data_tmp")).containsExactly(file);
		assertThat(plan.filesFor(this.dir, "..2026_01_01_00_00_00.1")).isEmpty();
		assertThat(plan.filesFor(this.dir, "other.conf")).isEmpty();
	}

	@Test
	void plainFileIsWatchedInItsDirectory() throws IOException {
		Path file = Files.writeString(this.dir.resolve("app.conf"), "v1");
		WatchPlan plan = WatchPlan.of(List.of(file));
		assertThat(plan.directories()).containsExactly(this.dir);
		assertThat(plan.filesFor(this.dir, "app.conf")).containsExactly(file);
		assertThat(plan.filesIn(this.dir)).containsExactly(file);
		assertThat(plan.filesIn(this.dir.resolve("elsewhere"))).isEmpty();
	}

	@Test
	void plainSymlinkIsAlsoWatchedWhereItsTargetLives() throws IOException {
		Path targets = Files.createDirectory(this.dir.resolve("targets"));
		Path real = Files.writeString(targets.resolve("real.conf"), "v1");
		Path links = Files.createDirectory(this.dir.resolve("links"));
		Path file = Files.createSymbolicLink(links.resolve("app.conf"), real);
		WatchPlan plan = WatchPlan.of(List.of(file));
		assertThat(plan.directories()).containsExactlyInAnyOrder(links, targets.toRealPath());
		assertThat(plan.filesFor(links, "app.conf")).containsExactly(file);
		assertThat(plan.filesFor(targets.toRealPath(), "real.conf")).containsExactly(file);
	}

	@Test
	void danglingSymlinkIsWatchedInItsOwnDirectory() throws IOException {
		Path file = Files.createSymbolicLink(this.dir.resolve("app.conf"), this.dir.resolve("missing.conf"));
		WatchPlan plan = WatchPlan.of(List.of(file));
		assertThat(plan.directories()).containsExactly(this.dir);
	}

	@Test
	void nestedSymlinkedDirectoriesAreWatchedWhereEachLinkLives() throws IOException {
		Path outer = Files.createDirectory(this.dir.resolve("outer-real"));
		Path inner = Files.createDirectory(this.dir.resolve("inner-real"));
		Files.writeString(inner.resolve("app.conf"), "v1");
		Files.createSymbolicLink(this.dir.resolve("a"), outer);
		Files.createSymbolicLink(outer.resolve("b"), inner);
		Path file = this.dir.resolve("a").resolve("b").resolve("app.conf");
		WatchPlan plan = WatchPlan.of(List.of(file));
		assertThat(plan.directories()).containsExactlyInAnyOrder(this.dir.resolve("a").resolve("b"), this.dir,
				this.dir.resolve("a"));
		assertThat(plan.filesFor(this.dir, "a")).containsExactly(file);
		assertThat(plan.filesFor(this.dir.resolve("a"), "b")).containsExactly(file);
		assertThat(plan.filesFor(this.dir.resolve("a").resolve("b"), "app.conf")).containsExactly(file);
	}

	@Test
	void filesSharingADirectoryShareItsWatch() throws IOException {
		Path one = Files.writeString(this.dir.resolve("one.conf"), "1");
		Path two = Files.writeString(this.dir.resolve("two.conf"), "2");
		WatchPlan plan = WatchPlan.of(List.of(one, two));
		assertThat(plan.directories()).containsExactly(this.dir);
		assertThat(plan.filesFor(this.dir, "one.conf")).containsExactly(one);
		assertThat(plan.filesFor(this.dir, "..data")).containsExactly(one, two);
		assertThat(plan.filesIn(this.dir)).containsExactly(one, two);
	}

}
