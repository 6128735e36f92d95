package io.flushmanager.demo;

import io.flushmanager.fs.AtomicWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flushmanager.support.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code update-configmap.sh} updates the demo wherever it was started, with the command
 * the service logs, on a non-GNU userland (busybox) too, and never hangs on a current
 * file that is not a regular file.
 */
class UpdateConfigMapScriptTest {

	private static final Path SCRIPT = Path.of("src/main/resources/demo/update-configmap.sh");

	@TempDir
	Path dir;

	@Test
	void theCommandTheServiceLogsUpdatesTheDemoFromAnyDirectory() throws Exception {
		Path demo = Files.createDirectories(this.dir.resolve("my demo"));
		Path log = this.dir.resolve("service.log");
		try (ServiceProcess service = ServiceProcess.start(log,
				List.of("--spring.profiles.active=demo", "--flush-manager.demo.dir=" + demo))) {
			service.awaitReady(Duration.ofSeconds(60));
			Matcher command = Pattern.compile("Update it the way the kubelet does with: (.*) 'new content'")
				.matcher(service.log());
			assertThat(command.find()).as(service.log()).isTrue();
			assertThat(command.group(1)).startsWith("FLUSH_MANAGER_DEMO_DIR='" + demo.toAbsolutePath() + "'");
			Run run = run(List.of("sh", "-c", command.group(1) + " 'redis.addr=redis://10.0.0.9:6379'"), Map.of());
			assertThat(run.exitCode()).as(run.output()).isZero();
			assertThat(Files.readString(demo.resolve("conf/exporter.conf")))
				.isEqualTo("redis.addr=redis://10.0.0.9:6379\n");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> service.log().contains("Child process restarted successfully"));
		}
	}

	@Test
	void sameContentIsANoOpAndNewContentIsCommitted() throws Exception {
		Path conf = layout("a=1\n");
		assertThat(runScript("sh", "a=1", Map.of()).output()).contains("payload unchanged");
		Run changed = runScript("sh", "a=2", Map.of());
		assertThat(changed.output()).contains("committed");
		assertThat(Files.readString(conf.resolve("exporter.conf"))).isEqualTo("a=2\n");
		try (var entries = Files.list(conf)) {
			assertThat(entries.map((p) -> p.getFileName().toString())
				.filter((n) -> n.startsWith("..2") || n.startsWith("..1"))).as("the old timestamped directory is gone")
				.hasSize(1);
		}
	}

	@Test
	void aFifoAsTheCurrentFileDoesNotHangTheScript() throws Exception {
		Path conf = layout("a=1\n");
		Path current = conf.resolve(Files.readSymbolicLink(conf.resolve("..data"))).resolve("exporter.conf");
		Files.delete(current);
		Process mkfifo = new ProcessBuilder("mkfifo", current.toString()).start();
		assertThat(mkfifo.waitFor()).isZero();
		Run run = runScript("sh", "a=2", Map.of());
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(Files.readString(conf.resolve("exporter.conf"))).isEqualTo("a=2\n");
	}

	@Test
	void runsUnderBusyboxWithOnlyItsApplets() throws Exception {
		Path busybox = Path.of("/usr/bin/busybox");
		if (!Files.isExecutable(busybox)) {
			busybox = Path.of("/bin/busybox");
		}
		assumeThat(Files.isExecutable(busybox)).as("busybox not installed (apt-get install busybox): skipped").isTrue();
		Path applets = Files.createDirectories(this.dir.resolve("busybox-bin"));
		Run install = run(List.of(busybox.toString(), "--install", "-s", applets.toString()), Map.of());
		assumeThat(install.exitCode()).as("busybox --install: " + install.output()).isZero();
		Path conf = layout("a=1\n");
		Map<String, String> env = Map.of("PATH", applets.toString());
		assertThat(runScript(busybox + " sh", "a=1", env).output()).contains("payload unchanged");
		Run changed = runScript(busybox + " sh", "a=2", env);
		assertThat(changed.exitCode()).as(changed.output()).isZero();
		assertThat(Files.readString(conf.resolve("exporter.conf"))).isEqualTo("a=2\n");
	}

	private Path layout(String content) throws IOException {
		Path conf = Files.createDirectories(this.dir.resolve("demo-work/conf"));
		new AtomicWriter(conf).writeText(Map.of("exporter.conf", content));
		return conf;
	}

	/**
	 * Run the script from another working directory, the demo named by
	 * FLUSH_MANAGER_DEMO_DIR.
	 */
	private Run runScript(String shell, String content, Map<String, String> env) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of(shell.split(" ")));
		command.add(SCRIPT.toAbsolutePath().toString());
		command.add(content);
		Map<String, String> all = new java.util.HashMap<>(env);
		all.put("FLUSH_MANAGER_DEMO_DIR", this.dir.resolve("demo-work").toString());
		return run(command, all);
	}

	private Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
		// Output to a file, so that a script that hangs fails the wait below instead of
		// blocking a read.
		Path output = Files.createTempFile(this.dir, "run", ".out");
		ProcessBuilder builder = new ProcessBuilder(command)
			.directory(Files.createDirectories(this.dir.resolve("elsewhere")).toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		builder.environment().putAll(env);
		Process process = builder.start();
		boolean ended = process.waitFor(30, TimeUnit.SECONDS);
		if (!ended) {
			process.destroyForcibly();
		}
		assertThat(ended).as("the script ended: " + Files.readString(output)).isTrue();
		return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
	}

	private record Run(int exitCode, String output) {

	}

}
