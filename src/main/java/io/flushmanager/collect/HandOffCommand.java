package io.flushmanager.collect;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.flushmanager.child.IgnoredSignals;
import io.flushmanager.collect.ledger.Entry;

/**
 * {@code flush-manager.collect.command}, once per collected file. Its environment is the
 * child's (the service's own without any {@code FLUSH_MANAGER_*} variable) without cloud
 * credentials, plus the file's {@code FM_*} variables. Its output is discarded: it may
 * print what it was given.
 */
final class HandOffCommand {

	private static final List<String> SECRET_PREFIXES = List.of("AWS_", "FLUSH_MANAGER_");

	private final List<String> command;

	private final Map<String, String> environment;

	private final Duration timeout;

	HandOffCommand(List<String> command, Map<String, String> environment, Duration timeout) {
		this.command = command;
		Map<String, String> clean = new HashMap<>(environment);
		clean.keySet().removeIf((name) -> SECRET_PREFIXES.stream().anyMatch(name::startsWith));
		this.environment = Map.copyOf(clean);
		this.timeout = timeout;
	}

	static Map<String, String> variables(Entry entry) {
		Map<String, String> variables = new HashMap<>();
		variables.put("FM_ID", entry.id());
		variables.put("FM_FILE", entry.path().toString());
		variables.put("FM_SHA256", (entry.sha256() != null) ? entry.sha256() : "");
		variables.put("FM_SIZE", Long.toString(entry.size()));
		variables.put("FM_URL", (entry.url() != null) ? entry.url() : "");
		variables.put("FM_KEY", (entry.key() != null) ? entry.key() : "");
		variables.put("FM_NAMESPACE", entry.meta().getOrDefault("namespace", ""));
		variables.put("FM_POD", entry.meta().getOrDefault("pod", ""));
		variables.put("FM_CONTAINER", entry.meta().getOrDefault("container", ""));
		variables.put("FM_EXE", entry.meta().getOrDefault("exe", ""));
		variables.put("FM_PID", entry.meta().getOrDefault("pid", ""));
		return variables;
	}

	void run(Entry entry) throws IOException, InterruptedException {
		List<String> argv = (this.command.size() == 1 && this.command.get(0).strip().contains(" "))
				? List.of("sh", "-c", this.command.get(0)) : this.command;
		ProcessBuilder builder = new ProcessBuilder(IgnoredSignals.wrap(argv)).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		builder.environment().clear();
		builder.environment().putAll(this.environment);
		builder.environment().putAll(variables(entry));
		Process process = builder.start();
		if (!process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw new IOException("the command did not finish within " + this.timeout.toSeconds() + "s");
		}
		if (process.exitValue() != 0) {
			throw new IOException("the command exited with " + process.exitValue());
		}
	}

}
