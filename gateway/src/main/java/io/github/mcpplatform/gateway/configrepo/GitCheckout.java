package io.github.mcpplatform.gateway.configrepo;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

import javax.net.ssl.TrustManager;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;
import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.tls.TrustedCertificates;

/**
 * The gateway's working copy of the config repo's branch: cloned once, then fetched and reset hard to the
 * remote branch, so that it is always exactly one commit of it. Blocking (JGit): callers run it on the
 * config repo's own bounded scheduler.
 */
final class GitCheckout {

	private final ConfigRepoSettings settings;

	private final Path directory;

	private final @Nullable SshdSessionFactory ssh;

	private final @Nullable HttpConnectionFactory https;

	GitCheckout(ConfigRepoSettings settings, Path directory) {
		this.settings = settings;
		this.directory = directory;
		this.ssh = settings.sshKeyFile() == null ? null : sshWithKey(settings.sshKeyFile(), settings.knownHostsFile(),
				directory.resolveSibling("ssh"));
		this.https = settings.trustedCertificatesFile() == null ? null
				: httpsTrusting(TrustedCertificates.trustManagers(settings.trustedCertificatesFile()));
	}

	/** Brings the working copy to the tip of the branch; the commit's SHA. */
	String sync() throws GitAPIException, IOException {
		String remoteBranch = "refs/remotes/origin/" + this.settings.branch();
		if (!Files.isDirectory(this.directory.resolve(".git")) || !clonedFrom(this.settings.uri())) {
			ConfigFiles.deleteRecursively(this.directory);
			try (Git git = authenticated(Git.cloneRepository()
				.setURI(this.settings.uri())
				.setBranch(this.settings.branch())
				.setBranchesToClone(List.of("refs/heads/" + this.settings.branch()))
				.setDirectory(this.directory.toFile())).call()) {
				return head(git);
			}
		}
		try (Git git = Git.open(this.directory.toFile())) {
			authenticated(git.fetch()
				.setRemote("origin")
				.setRefSpecs(new RefSpec("+refs/heads/" + this.settings.branch() + ":" + remoteBranch))
				.setRemoveDeletedRefs(true)).call();
			git.reset().setMode(ResetCommand.ResetType.HARD).setRef(remoteBranch).call();
			git.clean().setForce(true).setCleanDirectories(true).call();
			return head(git);
		}
	}

	/** Whether the working copy is of this repository (the setting may have changed since it was cloned). */
	private boolean clonedFrom(String uri) throws IOException {
		try (Git git = Git.open(this.directory.toFile())) {
			return uri.equals(git.getRepository().getConfig().getString("remote", "origin", "url"));
		}
	}

	/** The config repo's root within the working copy. */
	Path root() {
		return this.settings.path().isEmpty() ? this.directory : this.directory.resolve(this.settings.path());
	}

	private <C extends TransportCommand<C, ?>> C authenticated(C command) {
		command.setTimeout(Math.toIntExact(Math.max(1, this.settings.timeout().toSeconds())));
		if (this.settings.username() != null && this.settings.password() != null) {
			command.setCredentialsProvider(
					new UsernamePasswordCredentialsProvider(this.settings.username(), this.settings.password()));
		}
		SshdSessionFactory sshFactory = this.ssh;
		HttpConnectionFactory httpsFactory = this.https;
		command.setTransportConfigCallback(transport -> {
			if (sshFactory != null && transport instanceof SshTransport sshTransport) {
				sshTransport.setSshSessionFactory(sshFactory);
			}
			if (httpsFactory != null && transport instanceof TransportHttp http) {
				http.setHttpConnectionFactory(httpsFactory);
			}
		});
		return command;
	}

	/** JGit's own HTTP connections, trusting {@code trust} on https (host names still verified). */
	private static HttpConnectionFactory httpsTrusting(TrustManager[] trust) {
		JDKHttpConnectionFactory jdk = new JDKHttpConnectionFactory();
		return new HttpConnectionFactory() {

			@Override
			public HttpConnection create(URL url) throws IOException {
				return trusting(jdk.create(url), url);
			}

			@Override
			public HttpConnection create(URL url, @Nullable Proxy proxy) throws IOException {
				return trusting(jdk.create(url, proxy), url);
			}

			private HttpConnection trusting(HttpConnection connection, URL url) throws IOException {
				if ("https".equals(url.getProtocol())) {
					try {
						connection.configure(null, trust, null);
					}
					catch (GeneralSecurityException e) {
						throw new IOException("cannot set up TLS for " + url.getHost() + ": " + e.getMessage(), e);
					}
				}
				return connection;
			}

		};
	}

	private static String head(Git git) throws IOException {
		ObjectId head = git.getRepository().resolve("HEAD");
		if (head == null) {
			throw new IOException("the branch has no commit");
		}
		return head.name();
	}

	/** SSH with exactly the mounted key and known hosts, never the process user's ~/.ssh. */
	private static SshdSessionFactory sshWithKey(Path keyFile, @Nullable Path knownHosts, Path sshDirectory) {
		return new SshdSessionFactoryBuilder()
			.setHomeDirectory(FS.DETECTED.userHome())
			.setSshDirectory(sshDirectory.toFile())
			.setDefaultIdentities(directory -> List.of(keyFile))
			.setDefaultKnownHostsFiles(directory -> knownHosts == null ? List.of() : List.of(knownHosts))
			.setPreferredAuthentications("publickey")
			.build(null);
	}


}
