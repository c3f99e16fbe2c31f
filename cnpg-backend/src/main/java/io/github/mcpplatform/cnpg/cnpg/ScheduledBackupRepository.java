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

/**
 * CNPG {@code ScheduledBackup} objects: a cron schedule on which the operator creates {@code Backup}s of a cluster.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/backup/#scheduled-backups">CNPG scheduled
 *     backups</a>
 */
public final class ScheduledBackupRepository {

	private final KubernetesClient client;

	private final KubeCalls kube;

	public ScheduledBackupRepository(KubernetesClient client, KubeCalls kube) {
		this.client = client;
		this.kube = kube;
	}

	private static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
			Resource<GenericKubernetesResource>> schedules(KubernetesClient client) {
		return client.genericKubernetesResources(CnpgKinds.SCHEDULED_BACKUP);
	}

	/** The ScheduledBackups in a namespace whose {@code spec.cluster.name} is the given cluster. */
	public Mono<List<GenericKubernetesResource>> listForCluster(String namespace, String cluster) {
		return this.kube.call(this.client, k8s -> schedules(k8s).inNamespace(namespace).list().getItems())
			.map(items -> items.stream().filter(s -> Objects.equals(cluster, s.get("spec", "cluster", "name"))).toList());
	}

	/** The ScheduledBackup, or a {@link ResourceNotFoundException}. */
	public Mono<GenericKubernetesResource> get(String namespace, String name) {
		return this.kube.call(this.client, k8s -> schedules(k8s).inNamespace(namespace).withName(name).get())
			.switchIfEmpty(Mono.error(() -> ResourceNotFoundException.named("scheduled backup", name, namespace)));
	}

	/** Creates the ScheduledBackup, or with {@code dryRun} only has the API server check it. */
	public Mono<GenericKubernetesResource> create(GenericKubernetesResource schedule, boolean dryRun) {
		return this.kube.call(this.client, k8s -> schedules(k8s).inNamespace(schedule.getMetadata().getNamespace())
			.resource(schedule)
			.dryRun(dryRun)
			.create());
	}

	/**
	 * Deletes it with background propagation (fabric8's default): the Backups it owns ({@code backupOwnerReference:
	 * self}) are garbage-collected with it.
	 */
	public Mono<Void> delete(String namespace, String name) {
		return this.kube.run(this.client, k8s -> schedules(k8s).inNamespace(namespace).withName(name).delete());
	}

}
