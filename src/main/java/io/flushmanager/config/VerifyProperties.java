package io.flushmanager.config;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Checks after a reload; all that are set must pass (they combine with "and") within
 * {@code timeout}.
 *
 * @param httpUrl this URL must answer 2xx
 * @param tcpPort this port on the loopback must accept a connection
 * @param logPattern a line of the child's output must match this regex
 * @param stableFor the child must stay running this long
 * @param timeout how long verification may take
 */
public record VerifyProperties(@Nullable URI httpUrl, @Nullable Integer tcpPort, @Nullable String logPattern,
		@DefaultValue("0s") Duration stableFor, @DefaultValue("30s") Duration timeout) implements CheckedProperties {

	public VerifyProperties {
		if (logPattern != null) {
			try {
				java.util.regex.Pattern.compile(logPattern);
			}
			catch (java.util.regex.PatternSyntaxException ex) {
				throw new InvalidPropertyException("flush-manager.reload.verify.log-pattern", logPattern,
						"is not a regular expression: " + ex.getDescription(),
						"Give a Java regular expression such as \"listening on :9121\".");
			}
		}
	}

	@Override
	public void check(PropertyChecks checks) {
		if (this.tcpPort != null) {
			checks.between("tcpPort", this.tcpPort, 1, 65535);
		}
		checks.atLeast("stableFor", this.stableFor, 0);
		checks.atLeast("timeout", this.timeout, 1);
	}

	/**
	 * Whether any check is set.
	 * @return {@code true} when a reload is verified
	 */
	public boolean configured() {
		return this.httpUrl != null || this.tcpPort != null || this.logPattern != null || !this.stableFor.isZero();
	}

}
