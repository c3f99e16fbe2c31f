package io.github.mcpplatform.cnpg.cnpg;

import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.github.mcpplatform.cnpg.kube.KubeCalls;
import reactor.core.publisher.Mono;

/** CNPG {@code Database} objects: one PostgreSQL database each, declared next to its cluster. */
public final class DatabaseRepository {

	private final KubernetesClient client;

	private final KubeCalls kube;

	public DatabaseRepository(KubernetesClient client, KubeCalls kube) {
		this.client = client;
		this.kube = kube;
	}

	private static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
			Resource<GenericKubernetesResource>> databases(KubernetesClient client) {
		return client.genericKubernetesResources(CnpgKinds.DATABASE);
	}

	/** The Database objects in a namespace whose {@code spec.cluster.name} is the given cluster. */
	public Mono<List<GenericKubernetesResource>> listForCluster(String namespace, String cluster) {
		return this.kube.call(this.client, k8s -> databases(k8s).inNamespace(namespace).list().getItems())
			.map(items -> items.stream().filter(db -> Objects.equals(cluster, db.get("spec", "cluster", "name"))).toList());
	}

	/**
	 * The Database object that declares a PostgreSQL database of a cluster: by the conventional object
	 * name first, then among all the cluster's objects. Either way the object must declare exactly this
	 * database ({@code spec.name}): an object's name says nothing about the database it manages, and
	 * deleting the wrong object with reclaim policy {@code delete} drops another database.
	 */
	public Mono<GenericKubernetesResource> find(String namespace, String cluster, String databaseName) {
		String conventionalName = DatabaseManifests.objectName(cluster, databaseName);
		return this.kube.call(this.client, k8s -> databases(k8s).inNamespace(namespace).withName(conventionalName).get())
			.filter(db -> declares(db, cluster, databaseName))
			.switchIfEmpty(listForCluster(namespace, cluster).flatMap(dbs -> Mono.justOrEmpty(
					dbs.stream().filter(db -> declares(db, cluster, databaseName)).findFirst())))
			.switchIfEmpty(Mono.error(() -> ResourceNotFoundException.inCluster("database", databaseName, cluster, namespace)));
	}

	private static boolean declares(GenericKubernetesResource db, String cluster, String databaseName) {
		return Objects.equals(cluster, db.get("spec", "cluster", "name")) && Objects.equals(databaseName, db.get("spec", "name"));
	}

	/** Creates the object, or with {@code dryRun} only has the API server check it (nothing is stored). */
	public Mono<GenericKubernetesResource> create(GenericKubernetesResource database, boolean dryRun) {
		return this.kube.call(this.client, k8s -> databases(k8s).inNamespace(database.getMetadata().getNamespace())
			.resource(database)
			.dryRun(dryRun)
			.create());
	}

	public Mono<Void> delete(String namespace, String objectName) {
		return this.kube.run(this.client, k8s -> databases(k8s).inNamespace(namespace).withName(objectName).delete());
	}

}
