package io.github.mcpplatform.idpsetup;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;

import io.github.mcpplatform.idpsetup.auth0.Auth0Management;
import io.github.mcpplatform.idpsetup.gateway.HelmValues;
import io.github.mcpplatform.idpsetup.gateway.UpstreamClient;
import io.github.mcpplatform.idpsetup.http.JsonHttp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code setup-idp auth0}: the API, the gateway's application and its connection, through the Management API. */
@Command(name = "auth0", mixinStandardHelpOptions = true,
		description = "Creates or updates the API (the gateway's audience, offline access), the gateway's Regular Web "
				+ "Application (its callback, code and refresh grants) and enables a connection for it, then writes the "
				+ "values and Secrets. Management credentials: AUTH0_MANAGEMENT_TOKEN, or AUTH0_CLIENT_ID and "
				+ "AUTH0_CLIENT_SECRET of a machine-to-machine application authorized for the Management API.")
final class Auth0Command implements Callable<Integer> {

	@Mixin
	GatewayOptions gateway;

	@Spec
	CommandSpec spec;

	@ParentCommand
	SetupIdp root;

	@Option(names = "--domain", required = true, paramLabel = "DOMAIN",
			description = "The tenant's domain, e.g. example.eu.auth0.com (its issuer is https://DOMAIN/).")
	String domain;

	@Option(names = "--audience", paramLabel = "IDENTIFIER",
			description = "The API identifier, the gateway's audience (default: <public-url>/api).")
	String audience;

	@Option(names = "--api-name", defaultValue = "MCP gateway", description = "The API's name when created (default: ${DEFAULT-VALUE}).")
	String apiName;

	@Option(names = "--client-name", defaultValue = "MCP gateway",
			description = "The application's name, how it is found when its client id is not known yet (default: ${DEFAULT-VALUE}).")
	String clientName;

	@Option(names = "--client-id", paramLabel = "ID",
			description = "The gateway's application (default: the previous values file's, else found by --client-name).")
	String clientId;

	@Option(names = "--connection", defaultValue = "Username-Password-Authentication",
			description = "The connection people sign in with, enabled for the application (default: ${DEFAULT-VALUE}).")
	String connection;

	@Option(names = "--groups-claim", defaultValue = "groups",
			description = "The id_token claim a post-login Action fills with the user's groups (default: ${DEFAULT-VALUE}).")
	String groupsClaim;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		URI tenant = tenantUrl();
		String audience = this.audience != null ? this.audience : this.gateway.checkedPublicUrl() + "/api";
		String knownClientId = this.clientId != null ? this.clientId
				: HelmValues.previousUpstream(this.gateway.values).map(u -> u.path("clientId").asString("")).orElse("");
		return new GatewayOutput(this.gateway.secrets, out).run(this.gateway, currentSecret -> {
			Auth0Management auth0 = new Auth0Management(new JsonHttp(), tenant, out::println);
			if (this.gateway.valuesOnly) {
				if (currentSecret == null || knownClientId.isEmpty()) {
					throw new UsageException("--values-only needs the client id (--client-id or the previous "
							+ this.gateway.values + ") and the client secret from an earlier run's Secret "
							+ this.gateway.secrets.idpSecret + ": run once with the management credentials");
				}
				return new UpstreamClient(auth0.issuer(), knownClientId, currentSecret, audience, this.groupsClaim);
			}
			signIn(auth0);
			Auth0Management.Spec spec = new Auth0Management.Spec(this.apiName, audience, this.clientName,
					this.gateway.callbackUrl(), this.connection);
			auth0.ensureApi(spec);
			Auth0Management.Application application = auth0.ensureApplication(spec, knownClientId,
					this.gateway.rotateClientSecret);
			auth0.ensureConnection(spec, application.clientId());
			return new UpstreamClient(auth0.issuer(), application.clientId(), application.clientSecret(), audience,
					this.groupsClaim);
		});
	}

	private void signIn(Auth0Management auth0) {
		Credentials credentials = this.root.credentials();
		String token = credentials.variable("AUTH0_MANAGEMENT_TOKEN");
		if (token != null) {
			auth0.useToken(token);
			return;
		}
		String id = credentials.variable("AUTH0_CLIENT_ID");
		String secret = credentials.variable("AUTH0_CLIENT_SECRET");
		if (id == null || secret == null) {
			throw new UsageException("set AUTH0_MANAGEMENT_TOKEN, or AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET, to change "
					+ "the tenant, or pass --values-only to re-render the values and Secrets without them");
		}
		auth0.signIn(id, secret);
	}

	/** https://DOMAIN; a full URL is taken as it is, plain http only on loopback (a local test double). */
	private URI tenantUrl() {
		String value = this.domain.trim().replaceAll("/+$", "");
		if (!value.contains("://")) {
			return URI.create("https://" + value);
		}
		URI url = URI.create(value);
		if ("https".equals(url.getScheme()) || "http".equals(url.getScheme()) && loopback(url.getHost())) {
			return url;
		}
		throw new UsageException("--domain is a host name such as example.eu.auth0.com (https is implied), it is " + this.domain);
	}

	private static boolean loopback(String host) {
		try {
			return host != null && InetAddress.getByName(host).isLoopbackAddress();
		}
		catch (UnknownHostException e) {
			return false;
		}
	}

}
