package io.github.mcpplatform.idpsetup;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code setup-idp keys}: only the gateway's keys Secret, for an identity provider set up otherwise (the local
 * profile's bundled Keycloak, or one you manage by hand). Existing keys are kept unless a rotation is asked for.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
		description = "Creates the Secret with the gateway's signing key and token-encryption key (or keeps the keys it "
				+ "already holds), for an identity provider you set up otherwise, e.g. the local profile's Keycloak.")
final class KeysCommand implements Callable<Integer> {

	@Mixin
	SecretsOptions secrets;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		return new GatewayOutput(this.secrets, this.spec.commandLine().getOut()).keys();
	}

}
