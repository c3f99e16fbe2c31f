package io.github.mcpplatform.cnpg.cnpg;

import java.util.List;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.mcpplatform.cnpg.kube.KubeCalls;
import reactor.core.publisher.Mono;

/**
 * CNPG {@code Pooler} objects: PgBouncer deployments in front of a cluster's {@code -rw} or {@code -ro} service.
 * Their lifecycle is their own: deleting a cluster leaves its poolers, deleting a pooler leaves its cluster.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/connection_pooling/">CNPG connection pooling</a>
 */
public final class PoolerRepository {

	private final KubernetesClient client;

	private final KubeCalls kube;

	public PoolerRepository(KubernetesClient client, KubeCalls kube) {
		this.client = client;
		this.kube = kube;
	}

	private static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
			Resource<GenericKubernetesResource>> poolers(KubernetesClient client) {
		return client.genericKubernetesResources(CnpgKinds.POOLER);
	}

	public Mono<List<GenericKubernetesResource>> list(String namespace) {
		return this.kube.call(this.client, k8s -> poolers(k8s).inNamespace(namespace).list().getItems());
	}

	/** The pooler, or a {@link ResourceNotFoundException}. */
	public Mono<GenericKubernetesResource> get(String namespace, String name) {
		return this.kube.call(this.client, k8s -> poolers(k8s).inNamespace(namespace).withName(name).get())
			.switchIfEmpty(Mono.error(() -> ResourceNotFoundException.named("pooler", name, namespace)));
	}

	/** Creates the pooler, or with {@code dryRun} only has the API server check it (nothing is stored). */
	public Mono<GenericKubernetesResource> create(GenericKubernetesResource pooler, boolean dryRun) {
		return this.kube.call(this.client, k8s -> poolers(k8s).inNamespace(pooler.getMetadata().getNamespace())
			.resource(pooler)
			.dryRun(dryRun)
			.create());
	}

	/** Applies an RFC 7386 JSON merge patch (a server-side dry run with {@code dryRun}). */
	public Mono<GenericKubernetesResource> mergePatch(String namespace, String name, String patch, boolean dryRun) {
		return this.kube.call(this.client, k8s -> poolers(k8s).inNamespace(namespace)
			.withName(name)
			.dryRun(dryRun)
			.patch(PatchContext.of(PatchType.JSON_MERGE), patch));
	}

	public Mono<Void> delete(String namespace, String name) {
		return this.kube.run(this.client, k8s -> poolers(k8s).inNamespace(namespace).withName(name).delete());
	}

}
