package io.github.mcpplatform.idpsetup;

import java.io.PrintWriter;
import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.mcpplatform.idpsetup.http.ApiException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code setup-idp}: sets up the gateway's identity provider in one command and writes what the chart needs.
 * One subcommand per provider; docs/auth.md walks through both.
 */
@Command(name = "setup-idp", mixinStandardHelpOptions = true, version = "setup-idp 0.1.0",
		description = "Sets up the MCP gateway's client at its identity provider (idempotent: run it again at will), "
				+ "then writes the Helm values and the gateway's Secrets (client secret, signing key, token-encryption key).",
		subcommands = { KeycloakCommand.class, Auth0Command.class, KeysCommand.class })
public final class SetupIdp {

	private final Credentials credentials;

	private SetupIdp(Map<String, String> environment) {
		this.credentials = new Credentials(environment);
	}

	public static void main(String[] args) {
		System.exit(run(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
	}

	/**
	 * Runs the command line with {@code environment} as its environment (management credentials come from
	 * there); the exit code is 0 on success, 1 when something was refused, 2 on bad usage.
	 */
	public static int run(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
		CommandLine command = new CommandLine(new SetupIdp(environment));
		command.setOut(out);
		command.setErr(err);
		command.setExecutionExceptionHandler((failure, line, parsed) -> {
			if (failure instanceof UsageException || failure instanceof ApiException) {
				err.println("setup-idp: " + failure.getMessage());
				return failure instanceof UsageException ? 2 : 1;
			}
			if (failure instanceof KubernetesClientException kubernetes) {
				err.println("setup-idp: the Kubernetes API refused or did not answer (" + kubernetes.getMessage()
						+ "); check the context (kubectl config current-context) or use --dry-run to write a manifest");
				return 1;
			}
			throw failure;
		});
		return command.execute(args);
	}

	Credentials credentials() {
		return this.credentials;
	}

}
