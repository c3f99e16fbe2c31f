package io.github.mcpplatform.gateway.configrepo;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Where the backends are declared: a Git repository the gateway pulls, or a local directory.
 *
 * @param uri a Git URL ({@code https://}, {@code ssh://} or {@code git@host:path}, {@code file://}) or a
 *     local directory in the config repo format
 * @param branch the branch to follow
 * @param path the config repo's directory inside the Git repository (empty: its root)
 * @param pollInterval how often to pull (and, for a directory, to read it again)
 * @param timeout how long one fetch may take
 * @param webhookSecret enables {@code POST /config-repo/webhook}: GitHub's {@code X-Hub-Signature-256} HMAC
 *     or GitLab's {@code X-Gitlab-Token} must match it
 * @param username with {@code password}: https credentials (for a token, any non-empty user name)
 * @param password an https password or access token, from a Secret, never in the URI
 * @param sshKeyFile a private key (OpenSSH format) for {@code ssh://} URLs, mounted from a Secret
 * @param knownHostsFile the {@code known_hosts} entries the SSH server must match
 * @param cacheDir where the last good snapshot is kept, to start from when the repository cannot be
 *     reached; default: a directory under the system temp directory
 * @param trustedCertificatesFile PEM certificates trusted for an https repository besides the JDK's (a
 *     Git server behind the company's internal CA)
 */
public record ConfigRepoSettings(@NotBlank String uri, @NotBlank @DefaultValue("main") String branch,
		@NotNull @DefaultValue("") String path, @NotNull @DefaultValue("30s") Duration pollInterval,
		@NotNull @DefaultValue("30s") Duration timeout, @Nullable String webhookSecret, @Nullable String username,
		@Nullable String password, @Nullable Path sshKeyFile, @Nullable Path knownHostsFile, @Nullable Path cacheDir,
		@Nullable Path trustedCertificatesFile) {

	/** Whether the URI names a Git repository (otherwise it is a local directory). */
	public boolean isGit() {
		return this.uri.startsWith("https://") || this.uri.startsWith("http://") || this.uri.startsWith("ssh://")
				|| this.uri.startsWith("file://") || this.uri.startsWith("git@");
	}

	/** The URI without any user info, for logs and the status page. */
	public String displayUri() {
		return this.uri.replaceFirst("^([a-z]+://)[^/@]*@", "$1");
	}

}
