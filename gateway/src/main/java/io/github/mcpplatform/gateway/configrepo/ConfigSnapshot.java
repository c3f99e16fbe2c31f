package io.github.mcpplatform.gateway.configrepo;

import java.util.List;

/** The validated backends of one version of the config repo; immutable, so it can be swapped atomically. */
public record ConfigSnapshot(List<BackendDefinition> backends) {

	public ConfigSnapshot {
		backends = List.copyOf(backends);
	}

}
