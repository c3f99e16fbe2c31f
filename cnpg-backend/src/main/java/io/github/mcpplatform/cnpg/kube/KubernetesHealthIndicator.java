package io.github.mcpplatform.cnpg.kube;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

import reactor.core.publisher.Mono;

/**
 * Readiness: the backend is ready when the Kubernetes API answers. Part of the readiness group only,
 * so that an API server outage takes the backend out of rotation without restarting it.
 */
final class KubernetesHealthIndicator implements ReactiveHealthIndicator {

	private final KubernetesConnection connection;

	private final KubeCalls kube;

	KubernetesHealthIndicator(KubernetesConnection connection, KubeCalls kube) {
		this.connection = connection;
		this.kube = kube;
	}

	@Override
	public Mono<Health> health() {
		return this.kube.call(() -> this.connection.client().getKubernetesVersion())
			.map(version -> Health.up()
				.withDetail("mode", this.connection.mode().name().toLowerCase())
				.withDetail("version", version.getMajor() + "." + version.getMinor())
				.build())
			.onErrorResume(e -> Mono.just(Health.down()
				.withDetail("mode", this.connection.mode().name().toLowerCase())
				.withDetail("error", String.valueOf(e.getMessage()))
				.build()));
	}

}
