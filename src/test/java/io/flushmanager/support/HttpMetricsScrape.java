package io.flushmanager.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text-format scrape, parsed just enough for assertions.
 */
public final class HttpMetricsScrape {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+).*$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final String text;

	private final List<Sample> samples;

	private HttpMetricsScrape(String text, List<Sample> samples) {
		this.text = text;
		this.samples = samples;
	}

	public static HttpMetricsScrape parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher matcher = SAMPLE.matcher(line);
			if (!matcher.matches()) {
				throw new IllegalArgumentException("Not a sample line: " + line);
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (matcher.group(3) != null) {
				Matcher label = LABEL.matcher(matcher.group(3));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(4))));
		}
		return new HttpMetricsScrape(text, samples);
	}

	/**
	 * The samples of one metric name whose labels include the given ones.
	 * @param name the sample name, such as {@code flush_manager_config_changes_total}
	 * @param labels alternating label names and values that must match
	 * @return the samples
	 */
	public List<Sample> samples(String name, String... labels) {
		return this.samples.stream().filter((sample) -> sample.name().equals(name)).filter((sample) -> {
			for (int i = 0; i < labels.length; i += 2) {
				if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
					return false;
				}
			}
			return true;
		}).toList();
	}

	/**
	 * The samples whose name starts with a prefix.
	 * @param prefix the prefix
	 * @return the samples
	 */
	public List<Sample> samplesStartingWith(String prefix) {
		return this.samples.stream().filter((sample) -> sample.name().startsWith(prefix)).toList();
	}

	/**
	 * The sum of the values of {@link #samples(String, String...)}.
	 * @param name the sample name
	 * @param labels label filter
	 * @return the sum, {@code NaN} when there is no such sample
	 */
	public double sum(String name, String... labels) {
		List<Sample> matching = samples(name, labels);
		return matching.isEmpty() ? Double.NaN : matching.stream().mapToDouble(Sample::value).sum();
	}

	/**
	 * The scrape as it was received.
	 * @return the text
	 */
	public String text() {
		return this.text;
	}

	/**
	 * One sample.
	 *
	 * @param name the sample name
	 * @param labels its labels
	 * @param value its value
	 */
	public record Sample(String name, Map<String, String> labels, double value) {

	}

}
