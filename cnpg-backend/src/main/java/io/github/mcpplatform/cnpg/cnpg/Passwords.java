package io.github.mcpplatform.cnpg.cnpg;

import java.security.SecureRandom;

/**
 * Role passwords, generated here so that no password ever has to come from (or pass through) the
 * model. 32 characters from 62 give about 190 bits of entropy; letters and digits only, so the
 * password needs no quoting in a connection URI.
 */
public final class Passwords {

	private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

	private static final int LENGTH = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private Passwords() {
	}

	public static String generate() {
		char[] password = new char[LENGTH];
		for (int i = 0; i < LENGTH; i++) {
			password[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
		}
		return new String(password);
	}

}
