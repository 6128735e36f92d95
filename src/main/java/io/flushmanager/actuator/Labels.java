package io.flushmanager.actuator;

import java.util.Locale;

/**
 * Label values of our meters: lower-case snake case, as Prometheus users expect
 * ({@code result="reload_failed"}, {@code reason="crash"}).
 */
final class Labels {

	private Labels() {
	}

	static String of(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
