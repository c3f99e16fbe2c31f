package io.github.mcpplatform.gateway.configrepo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Whether a push notification comes from the Git host: GitHub signs the body with the shared secret
 * ({@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256>}); GitLab sends the secret itself
 * ({@code X-Gitlab-Token}). Compared in constant time.
 *
 * @see <a href="https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries">GitHub: validating
 *     webhook deliveries</a>
 * @see <a href="https://docs.gitlab.com/user/project/integrations/webhooks/#validate-payloads-by-using-a-secret-token">GitLab:
 *     secret token</a>
 */
final class Webhooks {

	private final byte[] secret;

	Webhooks(String secret) {
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
	}

	boolean authentic(byte[] body, @Nullable String githubSignature, @Nullable String gitlabToken) {
		if (githubSignature != null && githubSignature.startsWith("sha256=")) {
			byte[] shown;
			try {
				shown = HexFormat.of().parseHex(githubSignature.substring("sha256=".length()));
			}
			catch (IllegalArgumentException e) {
				return false;
			}
			return MessageDigest.isEqual(shown, hmac(body));
		}
		if (gitlabToken != null) {
			return MessageDigest.isEqual(gitlabToken.getBytes(StandardCharsets.UTF_8), this.secret);
		}
		return false;
	}

	/** GitHub's signature of a body, as the header carries it. */
	String githubSignature(byte[] body) {
		return "sha256=" + HexFormat.of().formatHex(hmac(body));
	}

	private byte[] hmac(byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
		}
	}

}
