package io.flushmanager.source;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;

import io.flushmanager.source.ObjectMaterializer.InvalidObjectException;

/**
 * Turns a ConfigMap or Secret into the files it gives: {@code data} as UTF-8,
 * {@code binaryData} and a Secret's {@code data} base64-decoded. No message ever carries
 * a value.
 */
final class Payloads {

	private Payloads() {
	}

	static Map<String, byte[]> of(HasMetadata object) {
		if (object instanceof ConfigMap configMap) {
			return configMap(configMap);
		}
		if (object instanceof Secret secret) {
			return secret(secret);
		}
		throw new InvalidObjectException("unexpected kind " + object.getKind());
	}

	private static Map<String, byte[]> configMap(ConfigMap configMap) {
		Map<String, byte[]> payload = new TreeMap<>();
		if (configMap.getData() != null) {
			configMap.getData().forEach((key, value) -> payload.put(key, text(value)));
		}
		if (configMap.getBinaryData() != null) {
			for (Map.Entry<String, String> entry : configMap.getBinaryData().entrySet()) {
				if (payload.containsKey(entry.getKey())) {
					throw new InvalidObjectException("key is in both data and binaryData");
				}
				payload.put(entry.getKey(), decode(entry.getValue()));
			}
		}
		return payload;
	}

	private static Map<String, byte[]> secret(Secret secret) {
		Map<String, byte[]> payload = new TreeMap<>();
		if (secret.getData() != null) {
			secret.getData().forEach((key, value) -> payload.put(key, decode(value)));
		}
		// The API server folds stringData into data; a server that does not (a test
		// double) still gives it.
		if (secret.getStringData() != null) {
			secret.getStringData().forEach((key, value) -> payload.put(key, text(value)));
		}
		return payload;
	}

	private static byte[] text(String value) {
		return (value != null) ? value.getBytes(StandardCharsets.UTF_8) : new byte[0];
	}

	private static byte[] decode(String value) {
		if (value == null) {
			return new byte[0];
		}
		try {
			return Base64.getDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			// The decoder's message quotes a character of the value: not passed on.
			throw new InvalidObjectException("a value is not valid base64");
		}
	}

	/**
	 * Sizes by key, for a log line.
	 * @param payload the payload
	 * @return total bytes
	 */
	static long size(Map<String, byte[]> payload) {
		return payload.values().stream().mapToLong((value) -> value.length).sum();
	}

	/**
	 * One hash over keys and values, for a log line.
	 * @param payload the payload
	 * @return the first 12 hex digits of a SHA-256
	 */
	static String hash(Map<String, byte[]> payload) {
		try {
			java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
			new TreeMap<>(payload).forEach((key, value) -> {
				digest.update(key.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
				digest.update(value);
				digest.update((byte) 0);
			});
			return java.util.HexFormat.of().formatHex(digest.digest()).substring(0, 12);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
