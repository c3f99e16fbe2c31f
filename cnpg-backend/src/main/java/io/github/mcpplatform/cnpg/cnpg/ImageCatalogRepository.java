package io.github.mcpplatform.cnpg.cnpg;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.mcpplatform.cnpg.kube.KubeCalls;
import reactor.core.publisher.Mono;

/**
 * CNPG {@code ClusterImageCatalog}s: cluster-wide lists of one pinned PostgreSQL image per major version.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/image_catalog/">CNPG image catalogs</a>
 */
public final class ImageCatalogRepository {

	private final KubernetesClient client;

	private final KubeCalls kube;

	public ImageCatalogRepository(KubernetesClient client, KubeCalls kube) {
		this.client = client;
		this.kube = kube;
	}

	/** The catalog, or empty when it is not installed. */
	public Mono<GenericKubernetesResource> find(String name) {
		return this.kube.call(this.client,
				k8s -> k8s.genericKubernetesResources(CnpgKinds.CLUSTER_IMAGE_CATALOG).withName(name).get());
	}

	/** The image a catalog pins for a major version. */
	public static Optional<String> image(GenericKubernetesResource catalog, int major) {
		return entries(catalog).stream()
			.filter(entry -> entry.get("major") instanceof Number n && n.intValue() == major)
			.map(entry -> entry.get("image"))
			.filter(Objects::nonNull)
			.map(String::valueOf)
			.findFirst();
	}

	/** The major versions a catalog has images for. */
	public static List<Integer> majors(GenericKubernetesResource catalog) {
		return entries(catalog).stream()
			.map(entry -> entry.get("major"))
			.filter(Number.class::isInstance)
			.map(n -> ((Number) n).intValue())
			.sorted()
			.toList();
	}

	private static List<Map<String, Object>> entries(GenericKubernetesResource catalog) {
		List<Map<String, Object>> images = catalog.get("spec", "images");
		return images == null ? List.of() : images;
	}

}
