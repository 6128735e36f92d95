package io.flushmanager.source;

import java.util.regex.Pattern;

/**
 * One ConfigMap or Secret.
 *
 * @param kind its kind
 * @param namespace its namespace
 * @param name its name
 */
record ObjectRef(Kind kind, String namespace, String name) {

	/**
	 * An RFC 1123 subdomain, what the API server allows as a ConfigMap or Secret name.
	 */
	private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

	/**
	 * Whether a name can be a directory under {@code
	 *
	<dir>
	 * /<kind>/}: an API server would never send another, but a name from a broken one
	 * must not reach outside the directory.
	 * @param name the name
	 * @return whether it is valid
	 */
	static boolean isValidName(String name) {
		return name != null && name.length() <= 253 && NAME.matcher(name).matches() && !name.contains("..");
	}

	@Override
	public String toString() {
		return this.kind.displayName() + " " + this.namespace + "/" + this.name;
	}

	/**
	 * The kinds the API source reads, each with its directory under {@code dir}.
	 */
	enum Kind {

		CONFIG_MAP("ConfigMap", "configmap"), SECRET("Secret", "secret");

		private final String displayName;

		private final String directory;

		Kind(String displayName, String directory) {
			this.displayName = displayName;
			this.directory = directory;
		}

		String displayName() {
			return this.displayName;
		}

		String directory() {
			return this.directory;
		}

	}

}
