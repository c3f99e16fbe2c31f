package io.github.mcpplatform.gateway.configrepo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/**
 * Pulling over SSH from a real SSH Git server (Apache MINA sshd serving JGit's upload-pack), with only the
 * mounted key and known-hosts file. (Test server adapted from the config-repo helper's branch.)
 */
class ConfigRepoSshTests extends RemoteConfigRepoFixture {

	private TestSshGitServer server;

	private KeyPair userKey;

	@BeforeEach
	void start() throws Exception {
		this.userKey = TestSshGitServer.rsa();
		this.server = new TestSshGitServer(this.repo.bare(), this.userKey.getPublic());
	}

	@AfterEach
	void stop() throws Exception {
		this.server.close();
	}

	@Test
	void aCommitIsFetchedOverSshWithTheMountedKeyAndKnownHosts() throws Exception {
		String sha = commit();
		Path key = TestSshGitServer.writePrivateKey(this.userKey, this.temp.resolve("id_rsa"));
		Path knownHosts = this.server.writeKnownHosts(this.temp.resolve("known_hosts"), this.server.hostKey());

		ConfigRepoStatus status = pull(key, knownHosts, s -> s.live() != null);

		assertThat(status.live().version()).isEqualTo(sha);
		assertThat(status.inSync()).isTrue();
	}

	@Test
	void aServerWhoseHostKeyIsNotInKnownHostsIsNotTrusted() throws Exception {
		commit();
		Path key = TestSshGitServer.writePrivateKey(this.userKey, this.temp.resolve("id_rsa"));
		Path knownHosts = this.server.writeKnownHosts(this.temp.resolve("known_hosts"), TestSshGitServer.rsa().getPublic());

		ConfigRepoStatus status = pull(key, knownHosts, s -> s.lastError() != null);

		assertThat(status.live()).isNull();
		assertThat(status.lastError()).contains("Server key did not validate");
	}

	@Test
	void aKeyTheServerDoesNotKnowIsRefused() throws Exception {
		commit();
		Path key = TestSshGitServer.writePrivateKey(TestSshGitServer.rsa(), this.temp.resolve("id_rsa"));
		Path knownHosts = this.server.writeKnownHosts(this.temp.resolve("known_hosts"), this.server.hostKey());

		ConfigRepoStatus status = pull(key, knownHosts, s -> s.lastError() != null);

		assertThat(status.live()).isNull();
		assertThat(status.lastError()).contains("Cannot log in");
	}

	private ConfigRepoStatus pull(Path key, Path knownHosts, Predicate<ConfigRepoStatus> until) {
		return pull(new ConfigRepoSettings(this.server.uri(), "main", "", Duration.ofHours(1), Duration.ofSeconds(10),
				null, null, null, key, knownHosts, null, null), until);
	}

}
