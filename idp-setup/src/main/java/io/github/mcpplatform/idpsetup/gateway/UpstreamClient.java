package io.github.mcpplatform.idpsetup.gateway;

/**
 * What the gateway needs to know of its identity provider: {@code gateway.auth.upstream.*}.
 *
 * @param issuerUri the issuer exactly as in the provider's tokens (read from its discovery document)
 * @param clientId the gateway's confidential client
 * @param clientSecret its secret (goes into a Secret only, never into the values file)
 * @param audience sent as {@code audience} on the upstream requests (Auth0's API identifier); may be empty
 * @param groupsClaim the id_token claim listing the user's groups
 */
public record UpstreamClient(String issuerUri, String clientId, String clientSecret, String audience, String groupsClaim) {

	@Override
	public String toString() {
		return "UpstreamClient[issuerUri=" + this.issuerUri + ", clientId=" + this.clientId + ", audience="
				+ this.audience + ", groupsClaim=" + this.groupsClaim + "]";
	}

}
