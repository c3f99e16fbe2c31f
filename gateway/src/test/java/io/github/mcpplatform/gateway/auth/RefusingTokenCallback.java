package io.github.mcpplatform.gateway.auth;

import java.util.List;
import java.util.Map;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.OAuth2Exception;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * mock-oauth2-server's answer to the next token request of issuer {@code issuerId}: the OAuth error
 * {@code error} (e.g. {@code invalid_grant}, {@code invalid_target}) instead of tokens, as a real identity provider
 * refuses a refresh or an exchange.
 */
public record RefusingTokenCallback(String issuerId, ErrorObject error) implements OAuth2TokenCallback {

	@Override
	public String subject(TokenRequest request) {
		throw refusal();
	}

	@Override
	public String typeHeader(TokenRequest request) {
		return "JWT";
	}

	@Override
	public List<String> audience(TokenRequest request) {
		throw refusal();
	}

	@Override
	public Map<String, Object> addClaims(TokenRequest request) {
		throw refusal();
	}

	@Override
	public long tokenExpiry() {
		return 0;
	}

	private OAuth2Exception refusal() {
		return new OAuth2Exception(this.error, this.error.getDescription());
	}

}
