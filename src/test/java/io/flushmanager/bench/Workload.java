package io.flushmanager.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.flushmanager.fs.AtomicWriter;

/**
 * The benchmark's seeded workload: a list of steps, each a few filesystem operations on a
 * ConfigMap directory (written by the kubelet replica) and on a plain file. The same seed
 * gives the same steps, so every tool gets byte for byte the same workload.
 */
final class Workload {

	/** The watched ConfigMap key. */
	static final String KEY = "exporter.conf";

	/** Another key of the same ConfigMap, which the child does not read. */
	static final String OTHER_KEY = "other.conf";

	/** The plain (non-symlink) watched file. */
	static final String PLAIN = "app.conf";

	private static final int BURST = 10;

	private static final long BURST_GAP_MILLIS = 10;

	private Workload() {
	}

	/** Kinds of steps, with their weights in the random mix. */
	enum Kind {

		CM_UPDATE(30), CM_OTHER_KEY(12), CM_REAPPLY(8), CM_BURST(10), PLAIN_IN_PLACE(10), PLAIN_RENAME_OVER(10),
		PLAIN_TRUNCATE(10), PLAIN_DELETE_RECREATE(10);

		final int weight;

		Kind(int weight) {
			this.weight = weight;
		}

	}

	/**
	 * What a child reads: length and first line of each watched file (the child records
	 * exactly this, without forking, so that its timestamp is its exec).
	 *
	 * @param cmLength length of the ConfigMap key
	 * @param cmFirst its first line
	 * @param plainLength length of the plain file
	 * @param plainFirst its first line
	 */
	record State(int cmLength, String cmFirst, int plainLength, String plainFirst) {

		static State of(String cm, String plain) {
			return new State(cm.length(), first(cm), plain.length(), first(plain));
		}

		private static String first(String text) {
			int newline = text.indexOf('\n');
			return (newline < 0) ? text : text.substring(0, newline);
		}

	}

	/** One filesystem operation. */
	sealed interface Op {

		/**
		 * Whether it can change what the child reads (its start is the commit time of a
		 * change).
		 */
		boolean changes();

	}

	/** The kubelet writes a payload (both keys). */
	record KubeletWrite(String key, String other) implements Op {

		@Override
		public boolean changes() {
			return true;
		}

	}

	record InPlace(String text) implements Op {

		@Override
		public boolean changes() {
			return true;
		}

	}

	record RenameOver(String text) implements Op {

		@Override
		public boolean changes() {
			return true;
		}

	}

	record Truncate(int length) implements Op {

		@Override
		public boolean changes() {
			return true;
		}

	}

	record Delete() implements Op {

		@Override
		public boolean changes() {
			return false;
		}

	}

	record Create(String text) implements Op {

		@Override
		public boolean changes() {
			return true;
		}

	}

	record Pause(long millis) implements Op {

		@Override
		public boolean changes() {
			return false;
		}

	}

	/**
	 * One step.
	 *
	 * @param index 1-based
	 * @param kind its kind
	 * @param ops what it does, in order
	 * @param before what the child should have before it
	 * @param after what the child should have after it
	 */
	record Step(int index, Kind kind, List<Op> ops, State before, State after) {

		boolean changesState() {
			return !this.before.equals(this.after);
		}

		/** How many single updates it holds (a burst holds ten). */
		int updates() {
			return (int) this.ops.stream().filter((op) -> !(op instanceof Pause)).count();
		}

	}

	/**
	 * The initial contents and the steps of a workload.
	 *
	 * @param seed the seed
	 * @param cm initial content of the watched key
	 * @param other initial content of the other key
	 * @param plain initial content of the plain file
	 * @param steps the steps
	 */
	record Plan(long seed, String cm, String other, String plain, List<Step> steps) {

		State initial() {
			return State.of(this.cm, this.plain);
		}

		Plan first(int count) {
			return new Plan(this.seed, this.cm, this.other, this.plain,
					this.steps.subList(0, Math.min(count, this.steps.size())));
		}

	}

	static Plan generate(long seed, int count) {
		Random random = new Random(seed);
		String cm = content(random, "cm-0");
		String other = content(random, "other-0");
		String plain = content(random, "plain-0");
		String initialCm = cm;
		String initialOther = other;
		String initialPlain = plain;
		int total = 0;
		for (Kind kind : Kind.values()) {
			total += kind.weight;
		}
		List<Step> steps = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			int pick = random.nextInt(total);
			Kind kind = null;
			for (Kind candidate : Kind.values()) {
				pick -= candidate.weight;
				if (pick < 0) {
					kind = candidate;
					break;
				}
			}
			State before = State.of(cm, plain);
			List<Op> ops = new ArrayList<>();
			switch (kind) {
				case CM_UPDATE -> {
					cm = content(random, "cm-" + i);
					ops.add(new KubeletWrite(cm, other));
				}
				case CM_OTHER_KEY -> {
					other = content(random, "other-" + i);
					ops.add(new KubeletWrite(cm, other));
				}
				case CM_REAPPLY -> ops.add(new KubeletWrite(cm, other));
				case CM_BURST -> {
					for (int b = 1; b <= BURST; b++) {
						if (b > 1) {
							ops.add(new Pause(BURST_GAP_MILLIS));
						}
						cm = content(random, "cm-" + i + "." + b);
						ops.add(new KubeletWrite(cm, other));
					}
				}
				case PLAIN_IN_PLACE -> {
					plain = content(random, "plain-" + i);
					ops.add(new InPlace(plain));
				}
				case PLAIN_RENAME_OVER -> {
					plain = content(random, "plain-" + i);
					ops.add(new RenameOver(plain));
				}
				case PLAIN_TRUNCATE -> {
					// Keep the first line and at least one more byte, so the state stays
					// distinct.
					int keep = plain.indexOf('\n') + 2;
					int length = keep + random.nextInt(Math.max(1, plain.length() - keep - 1));
					plain = plain.substring(0, length);
					ops.add(new Truncate(length));
				}
				case PLAIN_DELETE_RECREATE -> {
					plain = content(random, "plain-" + i);
					ops.add(new Delete());
					ops.add(new Pause(20 + random.nextInt(280)));
					ops.add(new Create(plain));
				}
			}
			steps.add(new Step(i, kind, List.copyOf(ops), before, State.of(cm, plain)));
		}
		return new Plan(seed, initialCm, initialOther, initialPlain, List.copyOf(steps));
	}

	private static String content(Random random, String id) {
		StringBuilder text = new StringBuilder("id=").append(id).append('\n');
		int lines = 1 + random.nextInt(6);
		for (int l = 0; l < lines; l++) {
			int length = 10 + random.nextInt(70);
			for (int c = 0; c < length; c++) {
				text.append((char) ('a' + random.nextInt(26)));
			}
			text.append('\n');
		}
		return text.toString();
	}

	/**
	 * Where one tool's copy of the workload lives.
	 *
	 * @param dir the work directory
	 * @param kubelet the ConfigMap writer
	 */
	record Site(Path dir, AtomicWriter kubelet) {

		Path configMap() {
			return this.dir.resolve("cm");
		}

		Path watchedKey() {
			return configMap().resolve(KEY);
		}

		Path plain() {
			return this.dir.resolve("plain").resolve(PLAIN);
		}

		Path execLog() {
			return this.dir.resolve("execs.log");
		}

	}

	static Site layOut(Path dir, Plan plan) throws IOException {
		Files.createDirectories(dir.resolve("plain"));
		AtomicWriter kubelet = new AtomicWriter(dir.resolve("cm"));
		kubelet.writeText(payload(plan.cm(), plan.other()));
		Site files = new Site(dir, kubelet);
		Files.writeString(files.plain(), plan.plain());
		return files;
	}

	private static Map<String, String> payload(String key, String other) {
		Map<String, String> payload = new LinkedHashMap<>();
		payload.put(KEY, key);
		payload.put(OTHER_KEY, other);
		return payload;
	}

	/**
	 * Run one operation.
	 * @param op the operation
	 * @param files where
	 * @throws IOException on a filesystem error
	 * @throws InterruptedException when interrupted in a pause
	 */
	static void apply(Op op, Site files) throws IOException, InterruptedException {
		Path plain = files.plain();
		if (op instanceof KubeletWrite write) {
			files.kubelet().writeText(payload(write.key(), write.other()));
		}
		else if (op instanceof InPlace write) {
			Files.writeString(plain, write.text(), StandardCharsets.UTF_8);
		}
		else if (op instanceof RenameOver write) {
			Path tmp = plain.resolveSibling(PLAIN + ".tmp");
			Files.writeString(tmp, write.text(), StandardCharsets.UTF_8);
			Files.move(tmp, plain, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		else if (op instanceof Truncate truncate) {
			try (RandomAccessFile file = new RandomAccessFile(plain.toFile(), "rw")) {
				file.setLength(truncate.length());
			}
		}
		else if (op instanceof Delete) {
			Files.delete(plain);
		}
		else if (op instanceof Create create) {
			Files.writeString(plain, create.text(), StandardCharsets.UTF_8);
		}
		else if (op instanceof Pause pause) {
			// A pause is a step of the workload (a slow writer), not a wait for anything.
			Thread.sleep(pause.millis());
		}
	}

}
