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
 *
 * <p>
 * Every change can be a server-side dry run ({@code ?dryRun=All}): the API server runs admission,
 * CloudNativePG's defaulting and validating webhooks included (they declare no side effects), and
 * answers with the object it would store, but stores nothing.
 */
public final class ClusterRepository {

	private final KubernetesClient client;

	private final KubeCalls kube;

	public ClusterRepository(KubernetesClient client, KubeCalls kube) {
		this.client = client;
		this.kube = kube;
	}

	private static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
			Resource<GenericKubernetesResource>> clusters(KubernetesClient client) {
		return client.genericKubernetesResources(CnpgKinds.CLUSTER);
	}

	public Mono<List<GenericKubernetesResource>> list(String namespace) {
		return this.kube.call(this.client, k8s -> clusters(k8s).inNamespace(namespace).list().getItems());
	}

	public Mono<List<GenericKubernetesResource>> listAllNamespaces() {
		return this.kube.call(this.client, k8s -> clusters(k8s).inAnyNamespace().list().getItems());
	}

	/** The cluster, or a {@link ResourceNotFoundException}. */
	public Mono<GenericKubernetesResource> get(String namespace, String name) {
		return this.kube.call(this.client, k8s -> clusters(k8s).inNamespace(namespace).withName(name).get())
			.switchIfEmpty(Mono.error(() -> ResourceNotFoundException.named("cluster", name, namespace)));
	}

	/** Creates the cluster, or with {@code dryRun} only has the API server check it; the object as stored (or as it would be). */
	public Mono<GenericKubernetesResource> create(GenericKubernetesResource cluster, boolean dryRun) {
		return this.kube.call(this.client, k8s -> clusters(k8s).inNamespace(cluster.getMetadata().getNamespace())
			.resource(cluster)
			.dryRun(dryRun)
			.create());
	}

	/** Applies an RFC 7386 JSON merge patch (a server-side dry run with {@code dryRun}). */
	public Mono<GenericKubernetesResource> mergePatch(String namespace, String name, String patch, boolean dryRun) {
		return patch(namespace, name, PatchType.JSON_MERGE, patch, dryRun);
	}

	/**
	 * Applies an RFC 6902 JSON patch; its {@code test} operations guard against concurrent edits (a
	 * server-side dry run with {@code dryRun}).
	 */
	public Mono<GenericKubernetesResource> jsonPatch(String namespace, String name, String patch, boolean dryRun) {
		return patch(namespace, name, PatchType.JSON, patch, dryRun);
	}

	private Mono<GenericKubernetesResource> patch(String namespace, String name, PatchType type, String patch,
			boolean dryRun) {
		return this.kube.call(this.client, k8s -> clusters(k8s).inNamespace(namespace)
			.withName(name)
			.dryRun(dryRun)
			.patch(PatchContext.of(type), patch));
	}

	/**
	 * Applies an RFC 7386 JSON merge patch to the cluster's {@code status} subresource, where CNPG's plugin
	 * asks for a switchover or an in-place restart of the primary (a server-side dry run with {@code dryRun}).
	 * A patch that names {@code metadata.resourceVersion} applies only to that version (409 otherwise).
	 */
	public Mono<GenericKubernetesResource> statusMergePatch(String namespace, String name, String patch, boolean dryRun) {
		return this.kube.call(this.client, k8s -> clusters(k8s).inNamespace(namespace)
			.withName(name)
			.dryRun(dryRun)
			.subresource("status")
			.patch(PatchContext.of(PatchType.JSON_MERGE), patch));
	}

	public Mono<Void> delete(String namespace, String name) {
		return this.kube.run(this.client, k8s -> clusters(k8s).inNamespace(namespace).withName(name).delete());
	}

}
