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
 * CNPG {@code Backup} objects: one physical backup each, requested on demand or by a ScheduledBackup. Their spec
 * is immutable once created (CEL {@code oldSelf == self}), so this repository only creates, reads and lists them.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/backup/">CNPG backups</a>
 */
public final class BackupRepository {

	private final KubernetesClient client;

	private final KubeCalls kube;

	public BackupRepository(KubernetesClient client, KubeCalls kube) {
		this.client = client;
		this.kube = kube;
	}

	private static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
			Resource<GenericKubernetesResource>> backups(KubernetesClient client) {
		return client.genericKubernetesResources(CnpgKinds.BACKUP);
	}

	/** The Backups in a namespace whose {@code spec.cluster.name} is the given cluster. */
	public Mono<List<GenericKubernetesResource>> listForCluster(String namespace, String cluster) {
		return this.kube.call(this.client, k8s -> backups(k8s).inNamespace(namespace).list().getItems())
			.map(items -> items.stream().filter(b -> Objects.equals(cluster, b.get("spec", "cluster", "name"))).toList());
	}

	/** The Backups a ScheduledBackup created (CNPG labels them with its name). */
	public Mono<List<GenericKubernetesResource>> listForSchedule(String namespace, String scheduledBackup) {
		return this.kube.call(this.client, k8s -> backups(k8s).inNamespace(namespace)
			.withLabel(CnpgKinds.SCHEDULED_BACKUP_LABEL, scheduledBackup)
			.list()
			.getItems());
	}

	/** The Backup, or a {@link ResourceNotFoundException}. */
	public Mono<GenericKubernetesResource> get(String namespace, String name) {
		return this.kube.call(this.client, k8s -> backups(k8s).inNamespace(namespace).withName(name).get())
			.switchIfEmpty(Mono.error(() -> ResourceNotFoundException.named("backup", name, namespace)));
	}

	/** Creates the Backup, or with {@code dryRun} only has the API server check it (nothing is stored). */
	public Mono<GenericKubernetesResource> create(GenericKubernetesResource backup, boolean dryRun) {
		return this.kube.call(this.client, k8s -> backups(k8s).inNamespace(backup.getMetadata().getNamespace())
			.resource(backup)
			.dryRun(dryRun)
			.create());
	}

}
