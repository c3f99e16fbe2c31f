package io.github.mcpplatform.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Binds a session id to the user it was opened for: {@code <id>.<mac>}, where the MAC covers the user and the
 * id. A client that shows another user's session id gets nothing, and no replica has to remember who owns
 * which session. The key is derived from the signing key, which every replica shares.
 */
public final class SessionBinding {

	private static final String ALGORITHM = "HmacSHA256";

	private static final int MAC_BYTES = 16;

	private final SecretKeySpec key;

	private SessionBinding(byte[] secret) {
		this.key = new SecretKeySpec(secret, ALGORITHM);
	}

	public static SessionBinding from(SigningKeys keys) {
		try {
			// A separate key for a separate purpose: never use the signing key's bytes directly as a MAC key.
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update("mcp-gateway session binding v1\n".getBytes(StandardCharsets.UTF_8));
			sha256.update(keys.signingKey().getD().decode());
			return new SessionBinding(sha256.digest());
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", e);
		}
	}

	/** A binding with a key of its own, for a single process (tests, one replica without a signing key file). */
	public static SessionBinding random() {
		byte[] secret = new byte[32];
		new java.security.SecureRandom().nextBytes(secret);
		return new SessionBinding(secret);
	}

	/** The id to give the client. */
	public String bind(String user, String sessionId) {
		return sessionId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(user, sessionId));
	}

	/** The session id, if {@code bound} was made by {@link #bind} for this user; otherwise null. */
	public @Nullable String unbind(String user, String bound) {
		int dot = bound.lastIndexOf('.');
		if (dot <= 0) {
			return null;
		}
		String sessionId = bound.substring(0, dot);
		byte[] shown;
		try {
			shown = Base64.getUrlDecoder().decode(bound.substring(dot + 1));
		}
		catch (IllegalArgumentException e) {
			return null;
		}
		return MessageDigest.isEqual(shown, mac(user, sessionId)) ? sessionId : null;
	}

	private byte[] mac(String user, String sessionId) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			byte[] full = mac.doFinal((user + "\n" + sessionId).getBytes(StandardCharsets.UTF_8));
			return Arrays.copyOf(full, MAC_BYTES);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
		}
	}

}
