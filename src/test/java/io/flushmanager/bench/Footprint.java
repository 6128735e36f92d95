package io.flushmanager.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Idle CPU and RSS of a set of processes, read from {@code /proc}.
 */
final class Footprint {

	private Footprint() {
	}

	/**
	 * Sample CPU over a window, then RSS.
	 * @param pids the processes
	 * @param seconds the window
	 * @return CPU in % of one core, RSS in MB (sums over the processes)
	 * @throws IOException when {@code /proc} cannot be read
	 * @throws InterruptedException when interrupted
	 */
	static double[] idle(List<Long> pids, int seconds) throws IOException, InterruptedException {
		long hz = clockTicks();
		long before = ticks(pids);
		// The window is the measurement: CPU used over a fixed time.
		Thread.sleep(seconds * 1000L);
		long after = ticks(pids);
		double cpu = (after - before) / (double) hz / seconds * 100;
		long rssKb = 0;
		for (long pid : pids) {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					rssKb += Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		return new double[] { cpu, rssKb / 1024.0 };
	}

	private static long ticks(List<Long> pids) throws IOException {
		long total = 0;
		for (long pid : pids) {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// utime and stime: fields 14 and 15 of stat, 12 and 13 after the command.
			total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
		}
		return total;
	}

	private static long clockTicks() throws IOException, InterruptedException {
		Process process = new ProcessBuilder("getconf", "CLK_TCK")
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		String text = new String(process.getInputStream().readAllBytes()).strip();
		process.waitFor();
		return Long.parseLong(text);
	}

}
