package io.github.mcpplatform.gateway.configrepo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.backend.BackendSettings;
import io.github.mcpplatform.gateway.backend.StreamableHttpTransports;

/**
 * What the tests of pulling from a Git server share: a repository to serve, the registry its commits feed, and
 * the sync under test. Each subclass starts its own server in front of {@link #repo}.
 */
abstract class RemoteConfigRepoFixture {

	@TempDir
	Path temp;

	TestGitRepo repo;

	private BackendRegistry registry;

	private ConfigRepoSync sync;

	@BeforeEach
	void startRepo() throws Exception {
		this.repo = new TestGitRepo(this.temp.resolve("git"));
		this.registry = new BackendRegistry(new ConfigSnapshot(List.of()), new BackendSettings(Duration.ofSeconds(1),
				Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1)), StreamableHttpTransports::to);
	}

	@AfterEach
	void stopRepo() throws Exception {
		if (this.sync != null) {
			this.sync.close();
		}
		this.registry.close();
		this.repo.close();
	}

	/** A first commit with one valid backend; its SHA. */
	String commit() throws Exception {
		return this.repo.commit("first", Map.of("backends.yaml", "backends:\n  - name: db\n    url: http://127.0.0.1:9/mcp\n"));
	}

	/** Starts syncing with these settings and waits (20 s at most) for the first status that satisfies {@code until}. */
	ConfigRepoStatus pull(ConfigRepoSettings settings, Predicate<ConfigRepoStatus> until) {
		this.sync = new ConfigRepoSync(settings, new ConfigRepoLoader(name -> null), this.registry::apply,
				this.temp.resolve("gateway"));
		this.sync.start();
		return this.sync.statuses().filter(until).blockFirst(Duration.ofSeconds(20));
	}

	ConfigRepoSync sync() {
		return this.sync;
	}

}
