package io.flushmanager.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The POSIX signals a user may choose for stopping or reloading the child.
 */
public enum Signal {

	TERM(15), INT(2), QUIT(3), HUP(1), USR1(10), USR2(12);

	private final int number;

	Signal(int number) {
		this.number = number;
	}

	/**
	 * Read a signal's name as people write it: with or without {@code SIG}, in any case
	 * ({@code TERM}, {@code SIGTERM}, {@code sigterm}).
	 * @param text the name
	 * @return the signal
	 * @throws IllegalArgumentException when it names none of ours
	 */
	public static Signal parse(String text) {
		String name = text.strip().toUpperCase(Locale.ROOT);
		if (name.startsWith("SIG")) {
			name = name.substring(3);
		}
		for (Signal signal : values()) {
			if (signal.name().equals(name)) {
				return signal;
			}
		}
		throw new IllegalArgumentException("'" + text + "' is not one of "
				+ Arrays.stream(values()).map(Signal::name).collect(Collectors.joining(", "))
				+ " (SIG prefix and case optional)");
	}

	/**
	 * The signal number on Linux.
	 * @return the number
	 */
	public int number() {
		return this.number;
	}

	/**
	 * The signal name for a number, such as {@code SIGTERM}, or {@code null} if it is not
	 * one of ours.
	 * @param number a signal number
	 * @return the name or {@code null}
	 */
	public static String nameOf(int number) {
		for (Signal signal : values()) {
			if (signal.number == number) {
				return "SIG" + signal.name();
			}
		}
		return switch (number) {
			case 4 -> "SIGILL";
			case 5 -> "SIGTRAP";
			case 6 -> "SIGABRT";
			case 7 -> "SIGBUS";
			case 8 -> "SIGFPE";
			case 9 -> "SIGKILL";
			case 11 -> "SIGSEGV";
			case 13 -> "SIGPIPE";
			case 14 -> "SIGALRM";
			case 17 -> "SIGCHLD";
			case 18 -> "SIGCONT";
			case 19 -> "SIGSTOP";
			case 20 -> "SIGTSTP";
			case 24 -> "SIGXCPU";
			case 25 -> "SIGXFSZ";
			case 26 -> "SIGVTALRM";
			case 27 -> "SIGPROF";
			case 31 -> "SIGSYS";
			default -> "SIG" + number;
		};

	}

}
