package io.flushmanager.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flushmanager.bench.ExecLog.Exec;
import io.flushmanager.bench.Workload.Kind;
import io.flushmanager.bench.Workload.Op;
import io.flushmanager.bench.Workload.Plan;
import io.flushmanager.bench.Workload.Site;
import io.flushmanager.bench.Workload.State;
import io.flushmanager.bench.Workload.Step;
import io.flushmanager.support.Processes;
import io.flushmanager.support.Waits;

/**
 * The benchmark of issue 6: the built jar and {@code entr -r} on the same seeded
 * kubelet-replica workload, then flush-manager's own poll-cycle cost and child-output
 * throughput; prints one side-by-side table. Not a test. Run through
 * {@code bench/run.sh}, which builds the jar and installs entr.
 * <p>
 * Arguments:
 * {@code --jar PATH --work DIR [--seed N] [--steps N] [--default-steps N] [--idle-seconds N]
 * [--output-bytes N]}.
 */
public final class PeerBenchmark {

	/**
	 * After this long without the step's final content in a child, the change counts as
	 * missed.
	 */
	private static final long MISSED_AFTER_MILLIS = 15_000;

	/**
	 * Wait after a change was applied, so that a second reaction to it falls into its own
	 * step.
	 */
	private static final long SETTLE_MILLIS = 150;

	private static String loadAtStart;

	private PeerBenchmark() {
	}

	/** Other work on the machine skews every figure: the table says how busy it was. */
	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/**
	 * How one tool did.
	 *
	 * @param label the tool
	 * @param command its command line
	 * @param steps steps run
	 * @param updates single updates in them
	 * @param latencies commit to exec of the applied change, ms, sorted
	 * @param missed steps whose final content never reached a child in time
	 * @param extra execs with content that was not a step's final content (a burst's
	 * middle, a half-written file)
	 * @param unchanged execs with the content the previous child already had
	 * @param readyMillis launch to ready
	 * @param idleCpuPercent idle CPU, % of one core
	 * @param idleRssMb idle RSS
	 * @param leftovers processes of the tool or its children alive after the tool was
	 * stopped
	 * @param byKind missed, extra and unchanged per step kind
	 * @param latencyByKind latencies per step kind, sorted
	 */
	record Result(String label, String command, int steps, int updates, List<Double> latencies, int missed, int extra,
			int unchanged, double readyMillis, double idleCpuPercent, double idleRssMb, int leftovers,
			Map<Kind, int[]> byKind, Map<Kind, List<Double>> latencyByKind) {

	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		Path jar = Path.of(options.getOrDefault("jar", "target/flush-manager.jar")).toAbsolutePath();
		Path work = Files.createDirectories(Path.of(options.getOrDefault("work", "target/bench")).toAbsolutePath());
		long seed = Long.parseLong(options.getOrDefault("seed", "6"));
		int steps = Integer.parseInt(options.getOrDefault("steps", "1000"));
		int defaultSteps = Integer.parseInt(options.getOrDefault("default-steps", "300"));
		int idleSeconds = Integer.parseInt(options.getOrDefault("idle-seconds", "15"));
		long outputBytes = Long.parseLong(options.getOrDefault("output-bytes", String.valueOf(1L << 30)));
		Plan plan = Workload.generate(seed, steps);
		System.out.printf(Locale.ROOT, "seed %d: %d steps (%d single updates): %s%n", seed, steps,
				plan.steps().stream().mapToInt(Step::updates).sum(), mix(plan));
		Instant begin = Instant.now();
		loadAtStart = loadAverage();

		PollCycleBenchmark.Result poll = PollCycleBenchmark.measure(Files.createDirectories(work.resolve("poll")), 1000,
				200);
		System.out.printf(Locale.ROOT, "poll cycle over %d files: p50 %.2f ms, p99 %.2f ms%n", poll.files(),
				Stats.percentile(poll.millis(), 50), Stats.percentile(poll.millis(), 99));

		List<Result> results = new ArrayList<>();
		results.add(run(new Tool.FlushManager(jar, "100ms"), plan, work.resolve("fm-100"), idleSeconds));
		results.add(run(new Tool.Entr(), plan, work.resolve("entr"), idleSeconds));
		results.add(run(new Tool.FlushManager(jar, null), plan.first(defaultSteps), work.resolve("fm-default"), 0));
		Throughput output = OutputThroughput.measure(jar, work.resolve("output"), outputBytes);

		print(plan, results, poll, output, Duration.between(begin, Instant.now()), work);
		System.exit(0);
	}

	private static String mix(Plan plan) {
		Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
		plan.steps().forEach((step) -> counts.merge(step.kind(), 1, Integer::sum));
		StringBuilder text = new StringBuilder();
		counts.forEach((kind,
				count) -> text.append(kind.name().toLowerCase(Locale.ROOT)).append('=').append(count).append(' '));
		return text.toString().strip();
	}

	private static Result run(Tool tool, Plan plan, Path dir, int idleSeconds) throws Exception {
		System.out.printf(Locale.ROOT, "%n== %s: %d steps in %s%n", tool.label, plan.steps().size(), dir);
		Site site = Workload.layOut(Files.createDirectories(dir), plan);
		Path child = ExecLog.writeChild(dir);
		ExecLog log = new ExecLog(site.execLog());
		long launched = System.nanoTime();
		tool.launch(site, child);
		try {
			return drive(tool, plan, site, dir, idleSeconds, log, launched);
		}
		catch (Exception | Error ex) {
			// Leave nothing running behind a failed run.
			tool.stop();
			throw ex;
		}
	}

	private static Result drive(Tool tool, Plan plan, Site site, Path dir, int idleSeconds, ExecLog log, long launched)
			throws Exception {
		long left = Math.max(0, 120_000_000_000L - (System.nanoTime() - launched));
		AtomicBoolean ready = new AtomicBoolean();
		Waits.within(Duration.ofNanos(left), Duration.ofMillis(5), () -> {
			ready.set(tool.ready(log));
			return ready.get() || !tool.process.isAlive();
		});
		if (!ready.get()) {
			throw new IllegalStateException(tool.label + " did not get ready; see " + dir.resolve("tool.log"));
		}
		double readyMillis = (System.nanoTime() - launched) / 1e6;
		if (log.awaitFirst(30_000) == null || !log.refresh().get(0).state().equals(plan.initial())) {
			throw new IllegalStateException(tool.label + ": the first child did not read the initial content");
		}
		double[] idle = { Double.NaN, Double.NaN };
		if (idleSeconds > 0) {
			// A fixed pause on purpose: start-up work (JIT, class loading) has no end
			// signal, and idle CPU is sampled after it.
			Thread.sleep(5_000);
			idle = Footprint.idle(tool.ownPids(), idleSeconds);
		}
		List<long[]> times = new ArrayList<>();
		int progress = Math.max(1, plan.steps().size() / 10);
		for (Step step : plan.steps()) {
			long start = nowMicros();
			long commit = start;
			for (Op op : step.ops()) {
				if (op.changes()) {
					commit = nowMicros();
				}
				Workload.apply(op, site);
			}
			times.add(new long[] { start, commit });
			if (step.changesState()) {
				if (log.await(start, step.after(), MISSED_AFTER_MILLIS)) {
					// Pacing, not waiting: the next step must not land inside this
					// reload's own settling (the steps are measured one at a time).
					Thread.sleep(SETTLE_MILLIS);
				}
			}
			else {
				// A window in which a correct tool does nothing: the exec log, read at
				// the end, says whether it restarted anyway.
				Thread.sleep(tool.quietMillis());
			}
			if (step.index() % progress == 0) {
				System.out.printf(Locale.ROOT, "  %d/%d steps%n", step.index(), plan.steps().size());
			}
		}
		// The last step's quiet window (as above).
		Thread.sleep(tool.quietMillis());
		List<Long> own = tool.ownPids();
		tool.stop();
		List<Exec> execs = log.refresh();
		Set<Long> pids = new LinkedHashSet<>(own);
		execs.forEach((exec) -> pids.add(exec.pid()));
		// Leftovers are what is still alive after a second's grace; most runs end at
		// once.
		Waits.within(Duration.ofSeconds(1), () -> Processes.alive(pids).isEmpty());
		int leftovers = Processes.alive(pids).size();
		return analyze(tool, plan, times, execs, readyMillis, idle, leftovers);
	}

	static Result analyze(Tool tool, Plan plan, List<long[]> times, List<Exec> execs, double readyMillis, double[] idle,
			int leftovers) {
		List<Double> latencies = new ArrayList<>();
		Map<Kind, int[]> byKind = new EnumMap<>(Kind.class);
		Map<Kind, List<Double>> latencyByKind = new EnumMap<>(Kind.class);
		int missed = 0;
		int extra = 0;
		int unchanged = 0;
		State previous = execs.get(0).state();
		int next = 1;
		for (int i = 0; i < plan.steps().size(); i++) {
			Step step = plan.steps().get(i);
			int[] counts = byKind.computeIfAbsent(step.kind(), (kind) -> new int[3]);
			long end = (i + 1 < times.size()) ? times.get(i + 1)[0] : Long.MAX_VALUE;
			boolean applied = false;
			while (next < execs.size() && execs.get(next).micros() < end) {
				Exec exec = execs.get(next++);
				if (exec.state().equals(previous)) {
					unchanged++;
					counts[2]++;
				}
				else if (!applied && exec.state().equals(step.after())) {
					applied = true;
					double latency = (exec.micros() - times.get(i)[1]) / 1000.0;
					latencies.add(latency);
					latencyByKind.computeIfAbsent(step.kind(), (kind) -> new ArrayList<>()).add(latency);
				}
				else {
					extra++;
					counts[1]++;
				}
				previous = exec.state();
			}
			if (step.changesState() && !applied) {
				missed++;
				counts[0]++;
			}
		}
		latencies.sort(null);
		latencyByKind.values().forEach((list) -> list.sort(null));
		return new Result(tool.label, tool.commandLine(), plan.steps().size(),
				plan.steps().stream().mapToInt(Step::updates).sum(), latencies, missed, extra, unchanged, readyMillis,
				idle[0], idle[1], leftovers, byKind, latencyByKind);
	}

	private static long nowMicros() {
		Instant now = Instant.now();
		return ChronoUnit.MICROS.between(Instant.EPOCH, now);
	}

	/**
	 * Child-output throughput.
	 *
	 * @param bytes bytes the child wrote
	 * @param seconds child start to its exit being recorded (after its output was
	 * drained)
	 * @param worstApiMillis slowest {@code GET /api/child} while it wrote
	 * @param exitCode the child's exit code
	 */
	record Throughput(long bytes, double seconds, double worstApiMillis, int exitCode) {

		double mbPerSecond() {
			return this.bytes / 1e6 / this.seconds;
		}

	}

	private static void print(Plan plan, List<Result> results, PollCycleBenchmark.Result poll, Throughput output,
			Duration took, Path work) {
		Result fm = results.get(0);
		Result entr = results.get(1);
		Result fmDefault = results.get(2);
		System.out.printf(Locale.ROOT, "%n%s%n", "=".repeat(100));
		System.out.printf(Locale.ROOT, "flush-manager vs entr -r, seed %d, %d CPUs, JDK %s, %s, took %s%n", plan.seed(),
				Runtime.getRuntime().availableProcessors(), Runtime.version(), entrVersion(),
				took.truncatedTo(ChronoUnit.SECONDS));
		System.out.printf(Locale.ROOT, "load average at start: %s, at end: %s%n", loadAtStart, loadAverage());
		System.out.printf(Locale.ROOT, "workload: %d steps = %d single updates (%s)%n", fm.steps(), fm.updates(),
				mix(plan));
		System.out.printf(Locale.ROOT, "default-debounce run: the first %d steps (%d updates)%n%n", fmDefault.steps(),
				fmDefault.updates());
		String format = "%-44s %16s %16s %16s %10s%n";
		System.out.printf(Locale.ROOT, format, "figure", "fm debounce 100ms", "entr -r", "fm default 500ms",
				"fm100/entr");
		row(format, "latency p50 (commit -> new child exec), ms", Stats.percentile(fm.latencies(), 50),
				Stats.percentile(entr.latencies(), 50), Stats.percentile(fmDefault.latencies(), 50));
		row(format, "latency p99, ms", Stats.percentile(fm.latencies(), 99), Stats.percentile(entr.latencies(), 99),
				Stats.percentile(fmDefault.latencies(), 99));
		row(format, "latency max, ms", Stats.max(fm.latencies()), Stats.max(entr.latencies()),
				Stats.max(fmDefault.latencies()));
		row(format, "changes applied (latency samples)", fm.latencies().size(), entr.latencies().size(),
				fmDefault.latencies().size());
		row(format, "missed changes", fm.missed(), entr.missed(), fmDefault.missed());
		row(format, "extra restarts", fm.extra(), entr.extra(), fmDefault.extra());
		row(format, "restarts on unchanged content", fm.unchanged(), entr.unchanged(), fmDefault.unchanged());
		row(format, "processes left after SIGTERM", fm.leftovers(), entr.leftovers(), fmDefault.leftovers());
		row(format, "start-to-ready, ms", fm.readyMillis(), entr.readyMillis(), fmDefault.readyMillis());
		row(format, "idle CPU, % of one core", fm.idleCpuPercent(), entr.idleCpuPercent(), Double.NaN);
		row(format, "idle RSS, MB", fm.idleRssMb(), entr.idleRssMb(), Double.NaN);
		System.out.printf(Locale.ROOT, format, "poll cycle, 1000 files, p50 / p99, ms", String.format(Locale.ROOT,
				"%.2f / %.2f", Stats.percentile(poll.millis(), 50), Stats.percentile(poll.millis(), 99)), "n/a", "",
				"");
		System.out.printf(Locale.ROOT, format, "child output logged, MB/s (" + output.bytes() / (1 << 20) + " MiB)",
				String.format(Locale.ROOT, "%.0f", output.mbPerSecond()), "n/a", "", "");
		System.out.printf(Locale.ROOT, format, "  slowest GET /api/child meanwhile, ms",
				String.format(Locale.ROOT, "%.0f", output.worstApiMillis()), "", "", "");
		System.out.printf(Locale.ROOT, "%nby step kind: missed / extra / unchanged, then latency p50 / max (ms):%n");
		System.out.printf(Locale.ROOT, "%-22s %-26s %-26s %-26s%n", "kind", "fm 100ms", "entr -r", "fm default");
		for (Kind kind : Kind.values()) {
			System.out.printf(Locale.ROOT, "%-22s %-26s %-26s %-26s%n", kind.name().toLowerCase(Locale.ROOT),
					byKind(fm, kind), byKind(entr, kind), byKind(fmDefault, kind));
		}
		System.out.printf(Locale.ROOT, "%ncommands ($WORK = %s):%n", work);
		for (Result result : results) {
			System.out.printf(Locale.ROOT, "  %s: %s%n", result.label(),
					result.command().replace(work.toString(), "$WORK"));
		}
		System.out.printf(Locale.ROOT, "  output: %s%n", OutputThroughput.COMMAND);
	}

	private static String byKind(Result result, Kind kind) {
		int[] counts = result.byKind().getOrDefault(kind, new int[3]);
		List<Double> latencies = result.latencyByKind().getOrDefault(kind, List.of());
		String latency = latencies.isEmpty() ? "-"
				: String.format(Locale.ROOT, "%.0f / %.0f", Stats.percentile(latencies, 50), Stats.max(latencies));
		return counts[0] + "/" + counts[1] + "/" + counts[2] + "  " + latency;
	}

	private static void row(String format, String label, double fm, double entr, double fmDefault) {
		String ratio = (entr > 0 && !Double.isNaN(fm) && !Double.isNaN(entr))
				? String.format(Locale.ROOT, "%.2fx", fm / entr) : "-";
		System.out.printf(Locale.ROOT, format, label, number(fm), number(entr), number(fmDefault), ratio);
	}

	private static String number(double value) {
		if (Double.isNaN(value)) {
			return "";
		}
		return (value == Math.rint(value) && Math.abs(value) < 1e9) ? String.valueOf((long) value)
				: String.format(Locale.ROOT, "%.1f", value);
	}

	private static String entrVersion() {
		try {
			Process process = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", "entr").redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			String version = new String(process.getInputStream().readAllBytes()).strip();
			return "entr " + version;
		}
		catch (IOException ex) {
			return "entr (version unknown)";
		}
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new java.util.HashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		return options;
	}

	static double seconds(String isoDuration) {
		Matcher matcher = Pattern.compile("PT(?:(\\d+)M)?(?:([\\d.]+)S)?").matcher(isoDuration);
		if (!matcher.matches()) {
			return Duration.parse(isoDuration).toNanos() / 1e9;
		}
		double minutes = (matcher.group(1) != null) ? Double.parseDouble(matcher.group(1)) : 0;
		double secs = (matcher.group(2) != null) ? Double.parseDouble(matcher.group(2)) : 0;
		return minutes * 60 + secs;
	}

}
