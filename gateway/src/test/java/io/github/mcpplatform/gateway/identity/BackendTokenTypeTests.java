package io.github.mcpplatform.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.SignedJWT;

/** Backend tokens are explicitly typed, so a backend can tell them from the gateway's access tokens. */
class BackendTokenTypeTests {

	@Test
	void aBackendTokenIsTypedMcpBackendJwt() throws Exception {
		BackendTokens tokens = new BackendTokens(SigningKeys.load(null), "https://mcp.example.com", Clock.systemUTC());

		SignedJWT jwt = SignedJWT.parse(tokens.forBackend("alice", "cnpg"));

		assertThat(jwt.getHeader().getType()).hasToString("mcp-backend+jwt");
	}

}
