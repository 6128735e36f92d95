package io.flushmanager.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.flushmanager.config.Signal;

/**
 * Reads the front-door options (HELP.md, "Command line"). It loads no Spring class, so
 * {@code --help}, {@code --version} and usage errors are answered before Spring starts.
 * <p>
 * Spring-style arguments ({@code --name.with.dots=value}, {@code --debug},
 * {@code --trace}) are kept for Spring; everything after {@code --} is the child's argv
 * and is never looked at.
 */
public final class CommandLineParser {

	/** Spring's own duration syntax: a number with an optional unit, or ISO-8601. */
	private static final Pattern SIMPLE_DURATION = Pattern.compile("[-+]?\\d+(ns|us|ms|s|m|h|d)?",
			Pattern.CASE_INSENSITIVE);

	private static final List<String> OPTIONS = List.of("--watch", "--debounce", "--reload", "--port");

	private CommandLineParser() {
	}

	/**
	 * What the user asked for.
	 */
	public sealed interface Request permits Run, Help, Version {

	}

	/**
	 * Start the service.
	 *
	 * @param commandLine the options
	 */
	public record Run(CommandLine commandLine) implements Request {

	}

	/** Print the usage. */
	public record Help() implements Request {

	}

	/** Print the version. */
	public record Version() implements Request {

	}

	/**
	 * Read the arguments.
	 * @param args the JVM's arguments
	 * @return the request
	 * @throws UsageException when they cannot be understood
	 */
	public static Request parse(String... args) {
		int separator = Arrays.asList(args).indexOf("--");
		List<String> options = Arrays.asList(args).subList(0, (separator >= 0) ? separator : args.length);
		// Asking for help wins over any mistake next to it.
		if (options.contains("--help") || options.contains("-h")) {
			return new Help();
		}
		if (options.contains("--version")) {
			return new Version();
		}
		List<String> watch = new ArrayList<>();
		String debounce = null;
		CommandLine.Reload reload = null;
		Integer port = null;
		List<String> springArgs = new ArrayList<>();
		for (int i = 0; i < options.size(); i++) {
			String arg = options.get(i);
			String name = optionName(arg);
			if (name == null) {
				springArgs.add(springArgument(arg));
				continue;
			}
			String value;
			if (arg.length() > name.length()) {
				value = arg.substring(name.length() + 1);
			}
			else {
				if (i + 1 >= options.size() || options.get(i + 1).startsWith("-")) {
					throw new UsageException(name + " needs a value" + example(name));
				}
				value = options.get(++i);
			}
			switch (name) {
				case "--watch" -> watch.add(nonEmpty(name, value));
				case "--debounce" -> debounce = duration(name, value);
				case "--reload" -> reload = reload(value);
				default -> port = port(value);
			}
		}
		List<String> command = (separator >= 0) ? Arrays.asList(args).subList(separator + 1, args.length) : List.of();
		if (separator >= 0 && command.isEmpty()) {
			throw new UsageException("no command after --: give the child's command and its arguments");
		}
		if (separator >= 0 && command.get(0).isEmpty()) {
			throw new UsageException("the command after -- is empty");
		}
		if (!watch.isEmpty() && command.isEmpty()) {
			throw new UsageException(
					"--watch needs the child's command after --, such as: --watch FILE -- COMMAND [ARGS...]");
		}
		return new Run(new CommandLine(watch, debounce, reload, port, command, springArgs));
	}

	/**
	 * Our option's name when the argument is one of ours ({@code --watch} or
	 * {@code --watch=F}).
	 */
	private static String optionName(String arg) {
		for (String option : OPTIONS) {
			if (arg.equals(option) || arg.startsWith(option + "=")) {
				return option;
			}
		}
		return null;
	}

	/**
	 * An argument for Spring, or a usage error for anything that is neither ours nor
	 * Spring's.
	 */
	private static String springArgument(String arg) {
		if (arg.startsWith("--") && arg.length() > 2) {
			String name = arg.substring(2).split("=", 2)[0];
			if (name.contains(".") || name.equals("debug") || name.equals("trace")) {
				return arg;
			}
			throw new UsageException("unknown option " + arg.split("=", 2)[0]);
		}
		if (arg.startsWith("-") && arg.length() > 1) {
			throw new UsageException("unknown option " + arg);
		}
		throw new UsageException("unexpected argument '" + arg + "': the child's command goes after --");
	}

	private static String nonEmpty(String name, String value) {
		if (value.isEmpty()) {
			throw new UsageException(name + " needs a value" + example(name));
		}
		return value;
	}

	private static String duration(String name, String value) {
		String text = value.strip();
		if (SIMPLE_DURATION.matcher(text).matches()) {
			return text;
		}
		try {
			Duration.parse(text);
			return text;
		}
		catch (DateTimeParseException ex) {
			throw new UsageException(name + " '" + value + "' is not a duration (such as 100ms, 2s or 1m)");
		}
	}

	private static CommandLine.Reload reload(String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		if (lower.equals("restart")) {
			return new CommandLine.Reload("restart", null, null);
		}
		if (lower.equals("signal")) {
			return new CommandLine.Reload("signal", null, null);
		}
		if (lower.startsWith("signal:")) {
			String signal = value.substring("signal:".length());
			try {
				return new CommandLine.Reload("signal", Signal.parse(signal).name(), null);
			}
			catch (IllegalArgumentException ex) {
				throw new UsageException("--reload signal:" + signal + ": " + ex.getMessage());
			}
		}
		// "http:http://host/x" as written in the usage, and the URL alone as people will
		// type it.
		String url = lower.startsWith("http:http") ? value.substring("http:".length()) : value;
		String lowerUrl = url.toLowerCase(Locale.ROOT);
		if (lowerUrl.startsWith("http://") || lowerUrl.startsWith("https://")) {
			if (url.indexOf("://") + 3 >= url.length()) {
				throw new UsageException("--reload " + value + ": the URL has no host");
			}
			return new CommandLine.Reload("http", null, url);
		}
		if (lower.startsWith("http:")) {
			throw new UsageException("--reload " + value + ": the URL must start with http:// or https://");
		}
		throw new UsageException(
				"--reload '" + value + "' is not one of restart, signal:SIG (such as signal:HUP) or http:URL");
	}

	private static int port(String value) {
		try {
			int port = Integer.parseInt(value.strip());
			if (port >= 0 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new UsageException("--port '" + value + "' is not a port number (0-65535)");
	}

	private static String example(String name) {
		return switch (name) {
			case "--watch" -> ", such as --watch /etc/app/app.conf";
			case "--debounce" -> ", such as --debounce 500ms";
			case "--reload" -> ": restart, signal:HUP or http:URL";
			default -> ", such as --port 8080";
		};
	}

}
