package io.github.mcpplatform.cnpg.cnpg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.github.mcpplatform.cnpg.kube.KubeCalls;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The CNPG objects that name a cluster ({@code spec.cluster.name}) and that the operator does not delete
 * with it: it only drops the finalizers of Publications, Subscriptions and DatabaseRoles, Poolers are
 * independent, ScheduledBackups keep creating Backups, and Backups stay for a later recovery unless a
 * ScheduledBackup made them owned by the cluster. (Database objects are listed by
 * {@link DatabaseRepository}.)
 */
public final class ClusterDependents {

	/** A kind of dependent, and what it means to leave one behind. */
	public record Kind(String kind, String plural, String leftBehind) {
	}

	public static final List<Kind> KINDS = List.of(
			new Kind("Pooler", "poolers", "they keep running and point at nothing; a new cluster of the same name "
					+ "gets them"),
			new Kind("ScheduledBackup", "scheduledbackups", "they keep creating Backup objects that never run: "
					+ "delete them first"),
			new Kind("Backup", "backups", "kept for a later recovery, unless a ScheduledBackup made them owned by "
					+ "the cluster"),
			new Kind("Publication", "publications", "left, and applied again to a new cluster of the same name"),
			new Kind("Subscription", "subscriptions", "left, and applied again to a new cluster of the same name"),
			new Kind("DatabaseRole", "databaseroles", "left, and applied again to a new cluster of the same name"));

	/**
	 * What was found.
	 *
	 * @param objects object names by kind, only kinds with objects
	 * @param unchecked kinds that could not be listed, with why
	 */
	public record Found(Map<Kind, List<String>> objects, List<String> unchecked) {
	}

	private final KubernetesClient client;

	private final KubeCalls kube;

	public ClusterDependents(KubernetesClient client, KubeCalls kube) {
		this.client = client;
		this.kube = kube;
	}

	/**
	 * The dependents of a cluster. A kind whose resource is not installed (404: an older CNPG has no
	 * DatabaseRole) has none; a kind that cannot be listed otherwise (403) is reported as unchecked
	 * rather than failing the deletion preview.
	 */
	public Mono<Found> find(String namespace, String cluster) {
		Map<Kind, List<String>> objects = new LinkedHashMap<>();
		List<String> unchecked = new ArrayList<>();
		return Flux.fromIterable(KINDS)
			.concatMap(kind -> list(namespace, cluster, kind).doOnNext(names -> {
				if (!names.isEmpty()) {
					objects.put(kind, names);
				}
			}).onErrorResume(KubernetesClientException.class, e -> {
				if (e.getCode() != 404) {
					unchecked.add(kind.plural() + " (" + e.getCode() + ")");
				}
				return Mono.empty();
			}))
			.then(Mono.fromSupplier(() -> new Found(objects, unchecked)));
	}

	private Mono<List<String>> list(String namespace, String cluster, Kind kind) {
		ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(CnpgKinds.GROUP)
			.withVersion("v1")
			.withKind(kind.kind())
			.withPlural(kind.plural())
			.withNamespaced(true)
			.build();
		return this.kube
			.call(this.client, k8s -> k8s.genericKubernetesResources(context).inNamespace(namespace).list().getItems())
			.map(items -> items.stream()
				.filter(item -> Objects.equals(cluster, item.get("spec", "cluster", "name")))
				.map(GenericKubernetesResource::getMetadata)
				.map(meta -> meta.getName())
				.sorted()
				.toList());
	}

}
