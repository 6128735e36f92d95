package io.flushmanager.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.source.ObjectRef.Kind;
import io.flushmanager.source.SourceObjects.SyncState;
import io.flushmanager.support.LogCapture;
import io.flushmanager.support.ManualTicker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API source's bookkeeping without an API server: deletion grace on a manual ticker,
 * key checks, Secret modes, the order in which the watcher is told about files.
 */
class SourceObjectsTest {

	private static final Duration GRACE = Duration.ofMinutes(5);

	@TempDir
	Path dir;

	private final ManualTicker ticker = new ManualTicker();

	private final SourceStatus status = new SourceStatus(Clock.systemUTC());

	private SourceObjects objects() {
		return new SourceObjects(new ObjectMaterializer(this.dir), GRACE, this.ticker, this.status);
	}

	private static ObjectRef configMap(String name) {
		return new ObjectRef(Kind.CONFIG_MAP, "ns", name);
	}

	private static Map<String, byte[]> text(String... keysAndValues) {
		Map<String, byte[]> payload = new TreeMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			payload.put(keysAndValues[i], keysAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
		}
		return payload;
	}

	@Test
	void materializesInTheKubeletLayoutAndAnnouncesFilesBeforeWritingThem() throws IOException {
		SourceObjects objects = objects();
		Path file = this.dir.resolve("configmap/app/app.conf");
		List<String> seen = new ArrayList<>();
		objects.subscribe(() -> seen.add(objects.files() + " exists=" + Files.exists(file)));
		objects.apply(configMap("app"), "1", () -> text("app.conf", "a=1"));
		assertThat(Files.readString(file)).isEqualTo("a=1");
		assertThat(Files.isSymbolicLink(file)).isTrue();
		assertThat(Files.isSymbolicLink(this.dir.resolve("configmap/app/..data"))).isTrue();
		// The watcher hears of the file before it exists, so its appearance is a change
		// like any other.
		assertThat(seen).containsExactly("[" + file + "] exists=false");
		assertThat(objects.origin(file)).satisfies((origin) -> {
			assertThat(origin.kind()).isEqualTo("ConfigMap");
			assertThat(origin.name()).isEqualTo("app");
			assertThat(origin.resourceVersion()).isEqualTo("1");
		});
	}

	@Test
	void deletedObjectKeepsItsFilesForTheGraceAndReCreationKeepsThem() throws IOException {
		SourceObjects objects = objects();
		Path file = this.dir.resolve("configmap/app/app.conf");
		objects.apply(configMap("app"), "1", () -> text("app.conf", "a=1"));
		objects.deleted(configMap("app"));
		this.ticker.advance(GRACE.minusSeconds(1));
		objects.sweep();
		assertThat(file).hasContent("a=1");
		assertThat(objects.entries()).singleElement()
			.extracting(SourceObjects.Entry::state)
			.isEqualTo(SyncState.DELETION_PENDING);
		objects.apply(configMap("app"), "7", () -> text("app.conf", "a=1"));
		this.ticker.advance(GRACE.multipliedBy(2));
		objects.sweep();
		assertThat(file).hasContent("a=1");
		assertThat(objects.files()).containsExactly(file);
		objects.deleted(configMap("app"));
		this.ticker.advance(GRACE);
		objects.sweep();
		assertThat(this.dir.resolve("configmap/app")).doesNotExist();
		assertThat(objects.files()).isEmpty();
	}

	@Test
	void keysThatWouldLeaveTheDirectoryAreRefusedAndTheLastFilesStay() throws IOException {
		SourceObjects objects = objects();
		objects.apply(configMap("app"), "1", () -> text("app.conf", "a=1"));
		for (String key : List.of("..", "../escape", "a/b", "/etc/passwd", "..data", "..2026_01_01", ".", "", "bad key",
				"nul\u0000x", "x".repeat(254))) {
			objects.apply(configMap("app"), "2", () -> text(key, "evil"));
			assertThat(this.dir.resolve("configmap/app/app.conf")).hasContent("a=1");
		}
		assertThat(this.status.errors()).isEqualTo(11);
		assertThat(objects.entries()).singleElement()
			.extracting(SourceObjects.Entry::state)
			.isEqualTo(SyncState.INVALID);
		try (var files = Files.walk(this.dir.getParent(), 1)) {
			assertThat(files.map(Path::getFileName).map(Path::toString)).doesNotContain("escape");
		}
		// A single leading dot is a valid key, as for the kubelet.
		objects.apply(configMap("app"), "3", () -> text(".hidden", "h", "app.conf", "a=2"));
		assertThat(this.dir.resolve("configmap/app/.hidden")).hasContent("h");
		assertThat(objects.entries()).singleElement()
			.extracting(SourceObjects.Entry::state)
			.isEqualTo(SyncState.SYNCED);
	}

	@Test
	void objectNamesThatWouldLeaveTheDirectoryAreRefused() {
		SourceObjects objects = objects();
		for (String name : List.of("..", "../x", "a/b", "UPPER", "a..b")) {
			objects.apply(configMap(name), "1", () -> text("k", "v"));
		}
		assertThat(this.status.errors()).isEqualTo(5);
		assertThat(this.dir.resolve("configmap").toFile().list()).isNullOrEmpty();
	}

	@Test
	void secretsAreWritten0400AndNeverLogged() throws IOException {
		SourceObjects objects = objects();
		String value = "s3cr3t-" + System.nanoTime();
		try (LogCapture log = LogCapture.of("ROOT")) {
			objects.apply(new ObjectRef(Kind.SECRET, "ns", "db"), "4", () -> text("password", value));
			objects.apply(new ObjectRef(Kind.SECRET, "ns", "db"), "5",
					() -> text("password", value + "2", "..bad", value));
			assertThat(log.lines()).isNotEmpty().noneMatch((line) -> line.contains(value));
			assertThat(this.status.lastError()).doesNotContain(value);
		}
		Path real = this.dir.resolve("secret/db/password").toRealPath();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("r--------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.dir.resolve("secret"))))
			.isEqualTo("rwx------");
		assertThat(Files.readString(real)).isEqualTo(value);
		// Updates replace 0400 files like any other (the old timestamped directory goes).
		objects.apply(new ObjectRef(Kind.SECRET, "ns", "db"), "6", () -> text("password", "next"));
		assertThat(this.dir.resolve("secret/db/password")).hasContent("next");
		try (var entries = Files.list(this.dir.resolve("secret/db"))) {
			assertThat(entries.filter((p) -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))).hasSize(1);
		}
	}

	@Test
	void largeObjectsWithManyKeysAndBinaryValues() throws IOException {
		SourceObjects objects = objects();
		Map<String, byte[]> payload = new TreeMap<>();
		byte[] big = new byte[1024 * 1024 - 4096];
		new java.util.Random(1).nextBytes(big);
		payload.put("big.bin", big);
		for (int i = 0; i < 500; i++) {
			payload.put("key-" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
		}
		objects.apply(configMap("huge"), "1", () -> payload);
		assertThat(Files.readAllBytes(this.dir.resolve("configmap/huge/big.bin"))).isEqualTo(big);
		assertThat(objects.files()).hasSize(501);
		// Dropping keys drops their files (and their watch).
		objects.apply(configMap("huge"), "2", () -> Map.of("big.bin", big));
		assertThat(objects.files()).containsExactly(this.dir.resolve("configmap/huge/big.bin"));
		assertThat(this.dir.resolve("configmap/huge/key-1")).doesNotExist();
	}

	@Test
	void theSameVersionTwiceWritesNothing() throws IOException {
		SourceObjects objects = objects();
		List<String> seen = new ArrayList<>();
		objects.subscribe(() -> seen.add("changed"));
		objects.apply(configMap("app"), "1", () -> text("app.conf", "a=1"));
		Path data = Files.readSymbolicLink(this.dir.resolve("configmap/app/..data"));
		objects.apply(configMap("app"), "1", () -> text("app.conf", "a=1"));
		assertThat(seen).hasSize(1);
		assertThat(Files.readSymbolicLink(this.dir.resolve("configmap/app/..data"))).isEqualTo(data);
	}

}
