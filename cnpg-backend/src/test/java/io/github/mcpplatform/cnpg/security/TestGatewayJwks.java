package io.github.mcpplatform.cnpg.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A signing key of the gateway's and its JWKS, served on loopback the way the gateway serves it. */
final class TestGatewayJwks implements AutoCloseable {

	final ECKey key;

	private final DisposableServer server;

	private TestGatewayJwks(ECKey key) {
		this.key = key;
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route(routes -> routes.get("/jwks.json", (request, response) -> response.header("Content-Type", "application/json")
				.sendString(Mono.just(new JWKSet(key.toPublicJWK()).toString()))))
			.bindNow();
	}

	/** A new key with the id {@code gateway-1}, and its JWKS served. */
	static TestGatewayJwks start() {
		return new TestGatewayJwks(generate("gateway-1"));
	}

	/** For {@code cnpg.auth.jwks-uri}. */
	String uri() {
		return "http://127.0.0.1:" + this.server.port() + "/jwks.json";
	}

	static ECKey generate(String keyId) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
		}
		catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
