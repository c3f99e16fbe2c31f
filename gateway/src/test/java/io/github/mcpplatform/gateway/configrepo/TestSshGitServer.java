package io.github.mcpplatform.gateway.configrepo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real Git server over SSH on loopback (Apache MINA sshd serving JGit's upload-pack), accepting one user
 * key only, so tests can fetch over {@code ssh://} with a key and a known-hosts file like production.
 */
final class TestSshGitServer implements AutoCloseable {

	private final SshServer server;

	private final KeyPair hostKey;

	TestSshGitServer(Path bareRepository, PublicKey allowedUserKey) throws Exception {
		this.hostKey = rsa();
		this.server = SshServer.setUpDefaultServer();
		this.server.setHost("127.0.0.1");
		this.server.setPort(0);
		this.server.setKeyPairProvider(KeyPairProvider.wrap(this.hostKey));
		this.server.setPublickeyAuthenticator((user, key, session) -> key.equals(allowedUserKey));
		this.server.setPasswordAuthenticator(null);
		this.server.setKeyboardInteractiveAuthenticator(null);
		this.server.setCommandFactory((channel, command) -> {
			if (!command.startsWith("git-upload-pack ")) {
				throw new IllegalArgumentException("only fetches are served: " + command);
			}
			return new UploadPackCommand(bareRepository);
		});
		this.server.start();
	}

	static KeyPair rsa() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

	/** Writes a private key the way it is mounted from a Secret (PKCS#8 PEM). */
	static Path writePrivateKey(KeyPair key, Path file) throws IOException {
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		return Files.writeString(file, pem);
	}

	/** A known_hosts file naming this server's host key (or another key, to play an impostor). */
	Path writeKnownHosts(Path file, PublicKey key) throws IOException {
		return Files.writeString(file, "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key) + "\n");
	}

	PublicKey hostKey() {
		return this.hostKey.getPublic();
	}

	int port() {
		return this.server.getPort();
	}

	String uri() {
		return "ssh://git@127.0.0.1:" + port() + "/config.git";
	}

	@Override
	public void close() throws IOException {
		this.server.stop(true);
	}

	/** {@code git-upload-pack '<path>'}: always the one repository, whatever the path. */
	private static final class UploadPackCommand implements Command {

		private final Path repository;

		private InputStream in;

		private OutputStream out;

		private OutputStream err;

		private ExitCallback exit;

		UploadPackCommand(Path repository) {
			this.repository = repository;
		}

		@Override
		public void setInputStream(InputStream in) {
			this.in = in;
		}

		@Override
		public void setOutputStream(OutputStream out) {
			this.out = out;
		}

		@Override
		public void setErrorStream(OutputStream err) {
			this.err = err;
		}

		@Override
		public void setExitCallback(ExitCallback exit) {
			this.exit = exit;
		}

		@Override
		public void start(ChannelSession channel, Environment environment) {
			Thread worker = new Thread(() -> {
				try (Repository repository = new FileRepositoryBuilder().setGitDir(this.repository.toFile()).build()) {
					new UploadPack(repository).upload(this.in, this.out, this.err);
					this.out.flush();
					this.exit.onExit(0);
				}
				catch (IOException | RuntimeException e) {
					this.exit.onExit(1, String.valueOf(e.getMessage()));
				}
			}, "test-upload-pack");
			worker.setDaemon(true);
			worker.start();
		}

		@Override
		public void destroy(ChannelSession channel) {
		}

	}

}
