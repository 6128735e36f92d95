package io.flushmanager.child;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * {@code flush-manager.child.output=passthrough}: the child's stdout and stderr bytes go
 * unchanged to the service's own stdout and stderr, so a child that logs JSON still logs
 * JSON to the container runtime. The pumps copy what they read as they read it
 * ({@link RunningChild#attach}); nothing is wrapped, levelled or escaped, and lines of
 * the child and of the service interleave the way two processes sharing a terminal do.
 * Going through the JVM rather than {@code Redirect.INHERIT} keeps the first stderr line,
 * by which an exec failure behind {@code setsid}/{@code setpriv} is told apart from a
 * crash, and the wait for the child's last lines at a stop.
 */
public class PassthroughOutputSink implements OutputSink {

	private final Supplier<PrintStream> stdout;

	private final Supplier<PrintStream> stderr;

	private final @Nullable OutputTap lines;

	/**
	 * To the service's own stdout and stderr (looked up on every use, as
	 * {@link System#setOut} may change them).
	 */
	public PassthroughOutputSink() {
		this(() -> System.out, () -> System.err);
	}

	PassthroughOutputSink(Supplier<PrintStream> stdout, Supplier<PrintStream> stderr) {
		this(stdout, stderr, null);
	}

	private PassthroughOutputSink(Supplier<PrintStream> stdout, Supplier<PrintStream> stderr,
			@Nullable OutputTap lines) {
		this.stdout = stdout;
		this.stderr = stderr;
		this.lines = lines;
	}

	/**
	 * The same copy, whose pumps also split the bytes into lines for a tap (the bytes
	 * copied stay the same).
	 */
	PassthroughOutputSink withLines(OutputTap tap) {
		return new PassthroughOutputSink(this.stdout, this.stderr, tap);
	}

	/** Who sees the lines besides the copy, or {@code null}. */
	@Nullable OutputTap lines() {
		return this.lines;
	}

	/**
	 * Where one of the child's streams is copied to.
	 * @param stream the child's stream
	 * @return the service's stream of the same kind
	 */
	PrintStream target(Stream stream) {
		return (stream == Stream.STDERR) ? this.stderr.get() : this.stdout.get();
	}

	/**
	 * A line handed over by a caller that does not copy bytes: written with its newline,
	 * nothing else.
	 */
	@Override
	public void line(long pid, Stream stream, String line) {
		PrintStream out = target(stream);
		byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
		out.write(bytes, 0, bytes.length);
		out.flush();
	}

}
