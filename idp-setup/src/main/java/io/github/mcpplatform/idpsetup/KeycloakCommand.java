package io.github.mcpplatform.idpsetup;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.github.mcpplatform.idpsetup.gateway.UpstreamClient;
import io.github.mcpplatform.idpsetup.http.JsonHttp;
import io.github.mcpplatform.idpsetup.keycloak.KeycloakAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code setup-idp keycloak}: the realm, the gateway's client and its mappers, through the Admin REST API. */
@Command(name = "keycloak", mixinStandardHelpOptions = true,
		description = "Creates or updates the realm, the gateway's confidential client (its callback, PKCE), an audience "
				+ "mapper and a groups mapper at a Keycloak, then writes the values and Secrets. The administrator's "
				+ "password comes from KEYCLOAK_ADMIN_PASSWORD or --admin-password-file.")
final class KeycloakCommand implements Callable<Integer> {

	@Mixin
	GatewayOptions gateway;

	@Spec
	CommandSpec spec;

	@ParentCommand
	SetupIdp root;

	@Option(names = "--url", required = true, paramLabel = "URL",
			description = "Keycloak's base URL, e.g. https://keycloak.example.com (its /admin and /realms paths).")
	URI url;

	@Option(names = "--realm", defaultValue = "mcp", description = "The realm to use or create (default: ${DEFAULT-VALUE}).")
	String realm;

	@Option(names = "--client-id", defaultValue = "mcp-gateway", description = "The gateway's client (default: ${DEFAULT-VALUE}).")
	String clientId;

	@Option(names = "--audience", paramLabel = "AUDIENCE",
			description = "The aud the audience mapper adds to access tokens (default: <public-url>/api).")
	String audience;

	@Option(names = "--groups-claim", defaultValue = "groups",
			description = "The claim the groups mapper fills, without the group path (default: ${DEFAULT-VALUE}).")
	String groupsClaim;

	@Option(names = "--admin-realm", defaultValue = "master", description = "The administrator's realm (default: ${DEFAULT-VALUE}).")
	String adminRealm;

	@Option(names = "--admin-user", defaultValue = "admin", description = "The administrator (default: ${DEFAULT-VALUE}).")
	String adminUser;

	@Option(names = "--admin-password-file", paramLabel = "FILE",
			description = "A file holding the administrator's password (else KEYCLOAK_ADMIN_PASSWORD).")
	Path adminPasswordFile;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		String audience = this.audience != null ? this.audience : this.gateway.checkedPublicUrl() + "/api";
		return new GatewayOutput(this.gateway.secrets, out).run(this.gateway, currentSecret -> {
			KeycloakAdmin keycloak = new KeycloakAdmin(new JsonHttp(), this.url, out::println);
			String secret;
			if (this.gateway.valuesOnly) {
				if (currentSecret == null) {
					throw new UsageException("--values-only needs the client secret from an earlier run's Secret "
							+ this.gateway.secrets.idpSecret + ", and there is none: run once with the administrator's password");
				}
				secret = currentSecret;
			}
			else {
				String password = this.root.credentials().fileOrVariable(this.adminPasswordFile, "KEYCLOAK_ADMIN_PASSWORD");
				if (password == null) {
					throw new UsageException("set KEYCLOAK_ADMIN_PASSWORD (or --admin-password-file) to change the realm, "
							+ "or pass --values-only to re-render the values and Secrets without it");
				}
				keycloak.signIn(this.adminRealm, this.adminUser, password);
				keycloak.ensureRealm(this.realm);
				secret = keycloak.ensureClient(new KeycloakAdmin.ClientSpec(this.realm, this.clientId,
						this.gateway.callbackUrl(), audience, this.groupsClaim), this.gateway.rotateClientSecret);
			}
			return new UpstreamClient(keycloak.issuer(this.realm), this.clientId, secret, audience, this.groupsClaim);
		});
	}

}
