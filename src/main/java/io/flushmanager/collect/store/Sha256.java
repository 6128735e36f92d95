package io.flushmanager.collect.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which every JDK has. */
public final class Sha256 {

	private Sha256() {
	}

	public static MessageDigest digest() {
		return of("SHA-256");
	}

	public static MessageDigest md5() {
		return of("MD5");
	}

	private static MessageDigest of(String algorithm) {
		try {
			return MessageDigest.getInstance(algorithm);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
