package io.flushmanager.bench;

import java.util.List;

/**
 * Percentiles of sorted samples (nearest rank).
 */
final class Stats {

	private Stats() {
	}

	static double percentile(List<Double> sorted, int p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	static double max(List<Double> sorted) {
		return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1);
	}

}
