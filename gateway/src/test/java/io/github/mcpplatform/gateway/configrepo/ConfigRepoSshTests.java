package io.github.mcpplatform.gateway.configrepo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.StreamableHttpTransports;
import io.github.mcpplatform.gateway.config.GatewayProperties;

/**
 * Pulling over SSH from a real SSH Git server (Apache MINA sshd serving JGit's upload-pack), with only the
 * mounted key and known-hosts file. (Test server adapted from the config-repo helper's branch.)
 */
class ConfigRepoSshTests {

	@TempDir
	Path temp;

	private TestGitRepo repo;

	private TestSshGitServer server;

	private KeyPair userKey;

	private BackendRegistry registry;

	private ConfigRepoSync sync;

	@BeforeEach
	void start() throws Exception {
		this.repo = new TestGitRepo(this.temp.resolve("git"));
		this.userKey = TestSshGitServer.rsa();
		this.server = new TestSshGitServer(this.repo.bare(), this.userKey.getPublic());
		this.registry = new BackendRegistry(new ConfigSnapshot(List.of()), new BackendSettings(Duration.ofSeconds(1),
				Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1)), StreamableHttpTransports::to);
	}

	@AfterEach
	void stop() throws Exception {
		if (this.sync != null) {
			this.sync.close();
		}
		this.registry.close();
		this.server.close();
		this.repo.close();
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

	private String commit() throws Exception {
		return this.repo.commit("first", Map.of("backends.yaml", "backends:\n  - name: db\n    url: http://127.0.0.1:9/mcp\n"));
	}

	private ConfigRepoStatus pull(Path key, Path knownHosts, java.util.function.Predicate<ConfigRepoStatus> until) {
		GatewayProperties.ConfigRepo settings = new GatewayProperties.ConfigRepo(this.server.uri(), "main", "",
				Duration.ofHours(1), Duration.ofSeconds(10), null, null, null, key, knownHosts, null, null);
		this.sync = new ConfigRepoSync(settings, new ConfigRepoLoader(name -> null), this.registry::apply,
				this.temp.resolve("gateway"));
		this.sync.start();
		return this.sync.statuses().filter(until).blockFirst(Duration.ofSeconds(20));
	}

}
