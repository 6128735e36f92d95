package io.flushmanager.cli;

import java.io.PrintStream;

/**
 * Answers what needs no service ({@code --help}, {@code --version}, usage errors) before
 * Spring is loaded, and hands the rest to {@link ServiceStart}.
 */
public final class FrontDoor {

	/**
	 * Exit code of a command line that cannot be understood (as getopt-style tools use
	 * it).
	 */
	public static final int USAGE_ERROR = 2;

	private FrontDoor() {
	}

	/**
	 * Read the arguments and print what is asked for.
	 * @param args the JVM's arguments
	 * @param out where help and version go
	 * @param err where usage errors go
	 * @return the exit code when the JVM should end now, or a command line to start the
	 * service with
	 */
	public static Outcome read(String[] args, PrintStream out, PrintStream err) {
		try {
			CommandLineParser.Request request = CommandLineParser.parse(args);
			if (request instanceof CommandLineParser.Help) {
				out.print(Usage.text());
				return new Outcome(0, null);
			}
			if (request instanceof CommandLineParser.Version) {
				out.println("flush-manager " + Usage.version());
				return new Outcome(0, null);
			}
			return new Outcome(null, ((CommandLineParser.Run) request).commandLine());
		}
		catch (UsageException ex) {
			err.println("flush-manager: " + ex.getMessage() + " (see --help)");
			return new Outcome(USAGE_ERROR, null);
		}
	}

	/**
	 * What {@link #read} decided.
	 *
	 * @param exitCode the code to exit with now, or {@code null} to start the service
	 * @param commandLine what to start the service with, when {@code exitCode} is
	 * {@code null}
	 */
	public record Outcome(Integer exitCode, CommandLine commandLine) {

	}

}
