package io.github.mcpplatform.gateway.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AES-256-GCM for the upstream tokens the store keeps. The store key a value belongs to is its associated
 * data, so a ciphertext copied under another key does not decrypt.
 */
public final class TokenCipher {

	private static final Logger log = LoggerFactory.getLogger(TokenCipher.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int NONCE_BYTES = 12;

	private final SecretKeySpec key;

	private TokenCipher(byte[] key) {
		this.key = new SecretKeySpec(key, "AES");
	}

	/**
	 * @param file a file holding a base64 32-byte key; null generates one for this process (memory store only)
	 */
	public static TokenCipher load(@Nullable Path file) {
		if (file == null) {
			log.warn("No gateway.auth.token-encryption-key-file: encrypting upstream tokens with a key generated for "
					+ "this process (fine with gateway.store=memory, whose state dies with the process).");
			byte[] key = new byte[32];
			RANDOM.nextBytes(key);
			return new TokenCipher(key);
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(Files.readString(file).trim());
		}
		catch (IOException | IllegalArgumentException e) {
			throw new IllegalStateException("cannot read gateway.auth.token-encryption-key-file " + file
					+ " (a base64 32-byte key: openssl rand -base64 32): " + e.getMessage(), e);
		}
		if (key.length != 32) {
			throw new IllegalStateException("gateway.auth.token-encryption-key-file " + file + " must hold 32 bytes "
					+ "(base64: openssl rand -base64 32), not " + key.length);
		}
		return new TokenCipher(key);
	}

	public String encrypt(String plaintext, String associatedData) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, nonce));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
			System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
			return Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("AES-GCM is unavailable", e);
		}
	}

	/** A value sealed under another key (the key was replaced) or another store key (it was moved). */
	public static final class UndecryptableException extends IllegalArgumentException {

		UndecryptableException() {
			super("the value does not decrypt under this key and store key");
		}

	}

	/** @throws UndecryptableException when the value was not sealed under this key and associated data */
	public String decrypt(String ciphertext, String associatedData) {
		try {
			byte[] in = Base64.getDecoder().decode(ciphertext);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, in, 0, NONCE_BYTES));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException e) {
			throw new UndecryptableException();
		}
	}

}
