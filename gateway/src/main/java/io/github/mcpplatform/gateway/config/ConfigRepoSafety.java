package io.github.mcpplatform.gateway.config;

import java.util.ArrayList;
import java.util.List;

import io.github.mcpplatform.gateway.configrepo.ConfigRepoSettings;

/** Config repo settings that would leak a secret or reach outside the repository are refused at startup. */
final class ConfigRepoSafety {

	private ConfigRepoSafety() {
	}

	static void refuseUnsafe(ConfigRepoSettings settings) {
		List<String> problems = new ArrayList<>();
		String uri = settings.uri();
		if (uri.matches("^[a-z]+://[^/@]*:[^/@]*@.*")) {
			problems.add("gateway.config-repo.uri carries a password: put it in gateway.config-repo.password (from a "
					+ "Secret) and the user name in gateway.config-repo.username");
		}
		if (uri.startsWith("http://") && settings.password() != null) {
			problems.add("gateway.config-repo.password would travel unencrypted over http://: use an https:// URL");
		}
		if ((uri.startsWith("ssh://") || uri.startsWith("git@")) && settings.sshKeyFile() == null) {
			problems.add("an SSH URL needs gateway.config-repo.ssh-key-file (a mounted private key) and "
					+ "gateway.config-repo.known-hosts-file");
		}
		if (settings.sshKeyFile() != null && settings.knownHostsFile() == null) {
			problems.add("gateway.config-repo.ssh-key-file needs gateway.config-repo.known-hosts-file, so that the "
					+ "server's identity is checked");
		}
		if (settings.path().contains("..") || settings.path().startsWith("/")) {
			problems.add("gateway.config-repo.path must be a relative path inside the repository: '" + settings.path() + "'");
		}
		if (settings.webhookSecret() != null && !settings.webhookSecret().isEmpty() && settings.webhookSecret().length() < 16) {
			problems.add("gateway.config-repo.webhook-secret is too short to resist guessing: use at least 16 random "
					+ "characters (e.g. openssl rand -hex 32)");
		}
		if ((settings.username() == null) != (settings.password() == null)) {
			problems.add("gateway.config-repo.username and .password go together: set both or neither");
		}
		if (settings.trustedCertificatesFile() != null && !java.nio.file.Files.isReadable(settings.trustedCertificatesFile())) {
			problems.add("gateway.config-repo.trusted-certificates-file " + settings.trustedCertificatesFile()
					+ " cannot be read; mount the PEM file there or unset it");
		}
		if (settings.pollInterval().toMillis() < 1000) {
			problems.add("gateway.config-repo.poll-interval must be at least 1s");
		}
		if (!problems.isEmpty()) {
			throw new StartupRefusedException("Unsafe config repo settings:\n  " + String.join("\n  ", problems));
		}
	}

}
