package io.github.mcpplatform.gateway.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The key the gateway signs with (backend tokens and its own access tokens), and the JWKS that publishes
 * the public halves.
 *
 * <p>
 * Every replica must sign with the same key, so production loads it from a file (a mounted Secret holding a
 * P-256 private JWK with a {@code kid}, or a JWK Set). With a JWK Set the first key signs and every key is
 * published, so a key is rotated with overlap: add the new key second, roll out, move it first, roll out,
 * remove the old one once the longest token signed with it has expired. Without a file, a key is generated
 * at startup: fine for one replica, and said so in the log.
 */
public final class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private final ECKey key;

	private final JWKSet published;

	private SigningKeys(ECKey key, List<ECKey> others) {
		this.key = key;
		List<JWK> all = new ArrayList<>();
		all.add(key.toPublicJWK());
		others.forEach(other -> all.add(other.toPublicJWK()));
		this.published = new JWKSet(all);
	}

	/**
	 * @param file a private EC P-256 JWK or a JWK Set of EC P-256 keys (the first private), or null to
	 *     generate one for this process
	 */
	public static SigningKeys load(@Nullable Path file) {
		if (file == null) {
			log.warn("No gateway.identity.signing-key-file: signing with a key generated for this process. Other "
					+ "replicas cannot verify it and restarts invalidate every token; mount a shared key for more than "
					+ "one replica.");
			return new SigningKeys(generate(), List.of());
		}
		try {
			String text = Files.readString(file);
			List<JWK> keys = JSONObjectUtils.parse(text).containsKey("keys") ? JWKSet.parse(text).getKeys()
					: List.of(JWK.parse(text));
			if (keys.isEmpty()) {
				throw new IllegalStateException("gateway.identity.signing-key-file " + file + " holds no key");
			}
			List<ECKey> ecKeys = new ArrayList<>();
			Set<String> kids = new HashSet<>();
			for (JWK jwk : keys) {
				if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || ec.getKeyID() == null
						|| !kids.add(ec.getKeyID())) {
					throw new IllegalStateException("gateway.identity.signing-key-file " + file + " must hold EC P-256 "
							+ "JWKs, each with its own \"kid\"");
				}
				ecKeys.add(ec);
			}
			if (!ecKeys.get(0).isPrivate()) {
				throw new IllegalStateException("gateway.identity.signing-key-file " + file + ": the first key signs, "
						+ "so it must be a private key (with \"d\")");
			}
			return new SigningKeys(ecKeys.get(0), ecKeys.subList(1, ecKeys.size()));
		}
		catch (IOException | ParseException e) {
			throw new IllegalStateException("cannot read gateway.identity.signing-key-file " + file + ": " + e.getMessage(), e);
		}
	}

	ECKey signingKey() {
		return this.key;
	}

	/** The private key that signs, for the gateway's own token issuers. */
	public ECKey signer() {
		return this.key;
	}

	/** The public half of the signing key. */
	public ECKey publicKey() {
		return this.key.toPublicJWK();
	}

	/** Every published public key: the signing key first, then the keys still accepted during a rotation. */
	public JWKSet publicKeys() {
		return this.published;
	}

	/** The public JWKS, as served at {@code /jwks.json}. */
	public String jwks() {
		return this.published.toString();
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
