package io.flushmanager.collect;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.flushmanager.collect.ledger.Entry;
import io.flushmanager.collect.ledger.Ledger;
import io.flushmanager.collect.store.FileTarget;
import io.flushmanager.collect.store.Target;
import io.flushmanager.support.ManualTicker;

/**
 * The collector over a real ledger, real files and a {@code file://} target, with manual
 * time and a worker queue the test runs by hand: every policy decision can be stepped
 * through.
 */
final class Harness implements AutoCloseable {

	final Path in;

	final Path out;

	final ManualTicker ticker = new ManualTicker();

	final Deque<Runnable> queued = new ArrayDeque<>();

	final Ledger ledger;

	final Collector collector;

	final CollectScope scope;

	final CollectStats stats;

	Harness(Path root, Duration settle, CollectProperties.AfterUpload afterUpload) throws IOException {
		this(root, settle, afterUpload, null);
	}

	Harness(Path root, Duration settle, CollectProperties.AfterUpload afterUpload, Target target) throws IOException {
		this.in = root.resolve("in");
		this.out = root.resolve("out");
		java.nio.file.Files.createDirectories(this.in);
		this.ledger = Ledger.open(root.resolve("state"));
		CollectProperties properties = properties(this.in, root.resolve("state"), "file://" + this.out, settle,
				afterUpload);
		this.scope = new CollectScope(properties.dirs(), properties.include(), properties.exclude());
		this.stats = new CollectStats(new SimpleMeterRegistry(), Clock.systemUTC());
		HandOff handOff = new HandOff(properties, this.ledger, (target != null) ? target : new FileTarget(this.out),
				Compression.of(CollectProperties.Compress.GZIP), root.resolve("state/spool"), Clock.systemUTC(),
				this.stats, null, null, this.scope);
		Executor executor = this.queued::add;
		this.collector = new Collector(this.ledger, handOff, executor, this.ticker, Clock.systemUTC(), settle,
				properties.retry(), this.stats);
	}

	static CollectProperties properties(Path in, Path state, String target, Duration settle,
			CollectProperties.AfterUpload afterUpload) {
		return new CollectProperties(List.of(in), List.of("**"), List.of(), settle, state, target, null, null, false,
				"{namespace}/{pod}/{container}/{date}/{sha256}-{name}", "{namespace}/{pod}/{container}/**",
				CollectProperties.Compress.GZIP, afterUpload, List.of(),
				new CollectProperties.Notify(null, null, Duration.ofSeconds(5)),
				new CollectProperties.Retry(Duration.ofSeconds(5), Duration.ofMinutes(10), 3), 2,
				new CollectProperties.Quota(null, null, null));
	}

	/** One poll: a full walk fed to the collector. */
	void poll() throws IOException {
		List<FileStat> found = new java.util.ArrayList<>();
		try (var walk = java.nio.file.Files.walk(this.in)) {
			for (Path path : walk.toList()) {
				if (!path.equals(this.in)
						&& !java.nio.file.Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
						&& this.scope.dirOf(path).isPresent()) {
					FileStat.of(path).ifPresent(found::add);
				}
			}
		}
		this.collector.observe(found);
	}

	/** Run the queued hand-offs on this thread. */
	int runWorkers() {
		int ran = 0;
		while (!this.queued.isEmpty()) {
			this.queued.poll().run();
			ran++;
		}
		return ran;
	}

	Entry only() {
		List<Entry> all = this.ledger.all();
		if (all.size() != 1) {
			throw new AssertionError("expected one entry: " + all);
		}
		return all.get(0);
	}

	Map<String, Entry> byPath() {
		Map<String, Entry> map = new java.util.HashMap<>();
		this.ledger.all().forEach((e) -> map.put(e.path().toString(), e));
		return map;
	}

	@Override
	public void close() throws IOException {
		this.ledger.close();
	}

}
