package io.github.mcpplatform.cnpg.cnpg;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.mcpplatform.cnpg.kube.KubeCalls;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Role password secrets. Only secrets labelled as created by this backend are ever changed or deleted:
 * CNPG's own secrets and anything a person made are left alone.
 */
public final class SecretRepository {

	private final KubernetesClient client;

	private final KubeCalls kube;

	public SecretRepository(KubernetesClient client, KubeCalls kube) {
		this.client = client;
		this.kube = kube;
	}

	/** Whether a secret was created by this backend. */
	public static boolean isOwn(Secret secret) {
		return secret.getMetadata().getLabels() != null
				&& CnpgKinds.MANAGED_BY.equals(secret.getMetadata().getLabels().get(CnpgKinds.MANAGED_BY_LABEL));
	}

	/** Creates the secret, or with {@code dryRun} only has the API server check it (nothing is stored). */
	public Mono<Secret> create(Secret secret, boolean dryRun) {
		return this.kube.call(this.client, k8s -> k8s.secrets()
			.inNamespace(secret.getMetadata().getNamespace())
			.resource(secret)
			.dryRun(dryRun)
			.create());
	}

	/** The secret if it exists, else empty. */
	public Mono<Secret> find(String namespace, String name) {
		return this.kube.call(this.client, k8s -> k8s.secrets().inNamespace(namespace).withName(name).get());
	}

	public Mono<Secret> mergePatch(String namespace, String name, String patch, boolean dryRun) {
		return this.kube.call(this.client, k8s -> k8s.secrets()
			.inNamespace(namespace)
			.withName(name)
			.dryRun(dryRun)
			.patch(PatchContext.of(PatchType.JSON_MERGE), patch));
	}

	/**
	 * The secrets this backend created for a cluster's roles, among those the roles reference. Read one
	 * by one, by name, so that the backend needs no {@code list} on Secrets (which would let it read every
	 * Secret of the namespace, CNPG's superuser and CA keys included).
	 */
	public Mono<List<Secret>> findOwn(String namespace, String cluster, Collection<String> names) {
		return Flux.fromIterable(names)
			.concatMap(name -> find(namespace, name))
			.filter(secret -> isOwn(secret) && cluster.equals(secret.getMetadata().getLabels().get(CnpgKinds.CLUSTER_LABEL)))
			.collectList();
	}

	/** Deletes a secret if it exists and is this backend's own; true when one was deleted. */
	public Mono<Boolean> deleteIfOwn(String namespace, String name) {
		return deleteIf(namespace, name, SecretRepository::isOwn);
	}

	/** Deletes a secret if it exists and {@code condition} holds for it; true when one was deleted. */
	public Mono<Boolean> deleteIf(String namespace, String name, Predicate<Secret> condition) {
		return find(namespace, name).filter(condition)
			.flatMap(own -> this.kube.run(this.client, k8s -> k8s.secrets().inNamespace(namespace).withName(name).delete())
				.thenReturn(true))
			.defaultIfEmpty(false);
	}

}
