package io.github.mcpplatform.gateway.configrepo;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the gateway serves from the config repo, and why not something newer: for the status endpoint, the
 * metric, readiness and logs.
 *
 * @param live the snapshot in use, or null before the first one
 * @param rejected the newest commit that was refused, with every problem, or null
 * @param lastError why the last pull failed (the repository could not be reached), or null
 * @param lastPull when the repository was last pulled (or the directory read)
 */
public record ConfigRepoStatus(String uri, String branch, @Nullable Live live, @Nullable Rejected rejected,
		@Nullable String lastError, @Nullable Instant lastPull) {

	/**
	 * @param from {@code git}, {@code directory}, or {@code cache} when the repository could not be reached at
	 *     startup
	 */
	public record Live(String version, String from, int backends, Instant since) {
	}

	public record Rejected(String version, List<String> problems, Instant at) {
	}

	/** Whether the gateway serves the newest commit of its branch. */
	public boolean inSync() {
		return this.live != null && this.rejected == null && this.lastError == null && !"cache".equals(this.live.from());
	}

}
