package io.flushmanager.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.flushmanager.fs.AtomicWriter;

/**
 * What an HTTP test of the whole service runs against: a ConfigMap-style directory
 * written by the kubelet replica, a real child shell script that exits cleanly on
 * SIGTERM, and the properties that wire them in, with short intervals so that tests stay
 * fast.
 */
public final class HttpServiceFixture {

	/** The ConfigMap key, i.e. the visible file name. */
	public static final String KEY = "exporter.conf";

	private static final String SCRIPT = """
			#!/bin/sh
			# flush-manager HTTP test child: stays up until SIGTERM.
			# STOP_DELAY (seconds) makes a stop take that long, so that concurrent callers overlap with it.
			trap 'echo "test child $$ got SIGTERM"; sleep "${STOP_DELAY:-0}"; exit 0' TERM
			echo "test child $$ up with $1"
			while :; do sleep 1 & wait $!; done
			""";

	private final AtomicWriter kubelet;

	private final Path file;

	private final Path script;

	private HttpServiceFixture(AtomicWriter kubelet, Path file, Path script) {
		this.kubelet = kubelet;
		this.file = file;
		this.script = script;
	}

	/**
	 * Lay out the ConfigMap directory (with content {@code v0}) and the child script.
	 * @param dir an empty directory
	 * @return the fixture
	 * @throws IOException on a filesystem error
	 */
	public static HttpServiceFixture create(Path dir) throws IOException {
		Path conf = Files.createDirectories(dir.resolve("conf"));
		AtomicWriter kubelet = new AtomicWriter(conf);
		kubelet.writeText(Map.of(KEY, "v0\n"));
		Path script = Files.writeString(dir.resolve("http-test-child.sh"), SCRIPT);
		return new HttpServiceFixture(kubelet, conf.resolve(KEY), script);
	}

	/**
	 * Register the service's properties for this fixture.
	 * @param registry the registry
	 */
	public void register(DynamicPropertyRegistry registry) {
		registry.add("flush-manager.watch.files[0]", this.file::toString);
		registry.add("flush-manager.watch.poll-interval", () -> "200ms");
		registry.add("flush-manager.watch.debounce", () -> "100ms");
		registry.add("flush-manager.child.command", () -> "sh");
		registry.add("flush-manager.child.args[0]", this.script::toString);
		registry.add("flush-manager.child.args[1]", this.file::toString);
		registry.add("flush-manager.child.start-grace", () -> "200ms");
		registry.add("flush-manager.child.stop-timeout", () -> "5s");
		registry.add("flush-manager.child.backoff.initial", () -> "200ms");
	}

	/**
	 * The PID of the one live child, once there is exactly one.
	 * @return the PID, or {@code -1} while there are none or several
	 */
	public long onlyChildPid() {
		List<ProcessHandle> children = liveChildren();
		return (children.size() == 1) ? children.get(0).pid() : -1;
	}

	/**
	 * Kill a process with {@code kill -9}, as an operator or the OOM killer would.
	 * @param pid the PID
	 * @throws IOException when kill cannot be run
	 * @throws InterruptedException when interrupted
	 */
	public static void kill9(long pid) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IllegalStateException("kill -9 " + pid + " exited with " + kill.exitValue());
		}
	}

	/**
	 * Publish new content the way the kubelet does.
	 * @param content the new content of the file
	 * @throws IOException on a filesystem error
	 */
	public void update(String content) throws IOException {
		this.kubelet.writeText(Map.of(KEY, content));
	}

	/**
	 * The watched (visible) file.
	 * @return the path
	 */
	public Path file() {
		return this.file;
	}

	/**
	 * The inode of the real file behind the visible name now.
	 * @return the inode
	 * @throws IOException on a filesystem error
	 */
	public long inode() throws IOException {
		return (Long) Files.getAttribute(this.file, "unix:ino");
	}

	/**
	 * Every live process running this fixture's child script, found across the whole
	 * machine (so that a child that escaped the service's process tree would be counted
	 * too).
	 * @return the processes
	 */
	public List<ProcessHandle> liveChildren() {
		String marker = this.script.toString();
		return ProcessHandle.allProcesses()
			.filter(ProcessHandle::isAlive)
			.filter((process) -> process.info().commandLine().map((line) -> line.contains(marker)).orElse(false))
			.toList();
	}

}
