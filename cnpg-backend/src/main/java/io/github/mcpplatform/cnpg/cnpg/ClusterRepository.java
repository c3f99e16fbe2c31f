package io.github.mcpplatform.cnpg.cnpg;

import java.util.List;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.github.mcpplatform.cnpg.kube.KubeCalls;
import reactor.core.publisher.Mono;

/**
 * CNPG {@code Cluster} objects. Changes are targeted patches, never a PUT of a fetched object, so they
 * cannot race with the operator's own status writes.
 */
public final class ClusterRepository {

	private final MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> clusters;

	private final KubeCalls kube;

	public ClusterRepository(KubernetesClient client, KubeCalls kube) {
		this.clusters = client.genericKubernetesResources(CnpgKinds.CLUSTER);
		this.kube = kube;
	}

	public Mono<List<GenericKubernetesResource>> list(String namespace) {
		return this.kube.call(() -> this.clusters.inNamespace(namespace).list().getItems());
	}

	public Mono<List<GenericKubernetesResource>> listAllNamespaces() {
		return this.kube.call(() -> this.clusters.inAnyNamespace().list().getItems());
	}

	/** The cluster, or a {@link ResourceNotFoundException}. */
	public Mono<GenericKubernetesResource> get(String namespace, String name) {
		return this.kube.call(() -> this.clusters.inNamespace(namespace).withName(name).get())
			.switchIfEmpty(Mono.error(() -> ResourceNotFoundException.named("cluster", name, namespace)));
	}

	public Mono<GenericKubernetesResource> create(GenericKubernetesResource cluster) {
		return this.kube.call(() -> this.clusters.inNamespace(cluster.getMetadata().getNamespace()).resource(cluster).create());
	}

	/** Applies an RFC 7386 JSON merge patch. */
	public Mono<GenericKubernetesResource> mergePatch(String namespace, String name, String patch) {
		return patch(namespace, name, PatchType.JSON_MERGE, patch);
	}

	/** Applies an RFC 6902 JSON patch; its {@code test} operations guard against concurrent edits. */
	public Mono<GenericKubernetesResource> jsonPatch(String namespace, String name, String patch) {
		return patch(namespace, name, PatchType.JSON, patch);
	}

	private Mono<GenericKubernetesResource> patch(String namespace, String name, PatchType type, String patch) {
		return this.kube.call(() -> this.clusters.inNamespace(namespace).withName(name).patch(PatchContext.of(type), patch));
	}

	public Mono<Void> delete(String namespace, String name) {
		return this.kube.run(() -> this.clusters.inNamespace(namespace).withName(name).delete());
	}

}
