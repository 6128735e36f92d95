package io.flushmanager.config;

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
	 * The signal number on Linux.
	 * @return the number
	 */
	public int number() {
		return this.number;
	}

	/**
	 * The signal name for a number, such as {@code SIGTERM}, or {@code null} if it is not one of ours.
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
			case 6 -> "SIGABRT";
			case 11 -> "SIGSEGV";
			case 13 -> "SIGPIPE";
			case 14 -> "SIGALRM";
			case 4 -> "SIGILL";
			case 8 -> "SIGFPE";
			case 7 -> "SIGBUS";
			default -> "SIG" + number;
		};
	}

}
