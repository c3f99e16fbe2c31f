package io.github.mcpplatform.gateway.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

/**
 * The key the gateway signs backend tokens with, and the JWKS that publishes its public half.
 *
 * <p>
 * Every replica must sign with the same key, so production loads it from a file (a mounted Secret holding
 * a P-256 private JWK with a {@code kid}). Without one, a key is generated at startup: fine for one
 * replica, and said so in the log.
 */
public final class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private final ECKey key;

	private SigningKeys(ECKey key) {
		this.key = key;
	}

	/**
	 * @param file a private EC P-256 JWK, or null to generate one for this process
	 */
	public static SigningKeys load(@Nullable Path file) {
		if (file == null) {
			log.warn("No gateway.identity.signing-key-file: signing backend tokens with a key generated for this "
					+ "process. Other replicas cannot verify it; mount a shared key for more than one replica.");
			return new SigningKeys(generate());
		}
		try {
			JWK jwk = JWK.parse(Files.readString(file));
			if (!(jwk instanceof ECKey ec) || !ec.isPrivate() || !Curve.P_256.equals(ec.getCurve()) || ec.getKeyID() == null) {
				throw new IllegalStateException("gateway.identity.signing-key-file " + file + " must hold a private EC "
						+ "P-256 JWK with a \"kid\"");
			}
			return new SigningKeys(ec);
		}
		catch (IOException | ParseException e) {
			throw new IllegalStateException("cannot read gateway.identity.signing-key-file " + file + ": " + e.getMessage(), e);
		}
	}

	ECKey signingKey() {
		return this.key;
	}

	/** The public half of the signing key. */
	public ECKey publicKey() {
		return this.key.toPublicJWK();
	}

	/** The public JWKS, as served at {@code /jwks.json}. */
	public String jwks() {
		return new JWKSet(this.key.toPublicJWK()).toString();
	}

	private static ECKey generate() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
		}
		catch (JOSEException e) {
			throw new IllegalStateException("cannot generate an EC P-256 key", e);
		}
	}

}
