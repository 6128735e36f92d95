package io.flushmanager.watch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A burst folded to the latest change of each file.
 *
 * @param latest the latest change of each file, in the order the files first changed
 * @param coalesced history ids of the earlier changes that the latest ones supersede
 */
record Coalesced(List<DetectedChange> latest, List<Long> coalesced) {

	/**
	 * Fold a burst.
	 * @param burst its changes, in detection order
	 * @return the folded burst
	 */
	static Coalesced of(List<DetectedChange> burst) {
		Map<Path, DetectedChange> latest = new LinkedHashMap<>();
		List<Long> coalesced = new ArrayList<>();
		for (DetectedChange change : burst) {
			DetectedChange earlier = latest.put(change.after().path(), change);
			if (earlier != null) {
				coalesced.add(earlier.recordId());
			}
		}
		return new Coalesced(List.copyOf(latest.values()), List.copyOf(coalesced));
	}

}
