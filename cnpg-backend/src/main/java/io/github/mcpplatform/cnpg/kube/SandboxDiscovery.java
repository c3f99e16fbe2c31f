package io.github.mcpplatform.cnpg.kube;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;

/**
 * The sandbox's API server: fabric8's CRUD dispatcher, plus the discovery documents a real API server serves
 * ({@code /version}, {@code /api}, {@code /apis}, and the resource lists of the built-in groups), which the mock
 * answers as if they were collections. Generic clients (kubectl, client-go, kubernetes-mcp-server) map a kind to
 * its path through these documents before any request, so without them they know no kind at all.
 *
 * <p>
 * The resource lists name the kinds the CRUD store holds like any other (it stores whatever is posted); the CNPG
 * group's list comes from the mock itself, from the installed CRDs.
 *
 * @see <a href="https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api">Kubernetes discovery
 *     API</a>
 */
final class SandboxDiscovery extends KubernetesCrudDispatcher {

	private static final List<String> VERBS = List.of("create", "delete", "get", "list", "patch", "update", "watch");

	/** The built-in kinds served, by group version. */
	private static final Map<String, List<Kind>> BUILT_IN = Map.of(
			"v1", List.of(new Kind("namespaces", "Namespace", false), new Kind("nodes", "Node", false),
					new Kind("pods", "Pod", true), new Kind("services", "Service", true),
					new Kind("endpoints", "Endpoints", true), new Kind("events", "Event", true),
					new Kind("configmaps", "ConfigMap", true), new Kind("secrets", "Secret", true),
					new Kind("serviceaccounts", "ServiceAccount", true),
					new Kind("persistentvolumeclaims", "PersistentVolumeClaim", true),
					new Kind("persistentvolumes", "PersistentVolume", false)),
			"apps/v1", List.of(new Kind("deployments", "Deployment", true), new Kind("statefulsets", "StatefulSet", true),
					new Kind("replicasets", "ReplicaSet", true), new Kind("daemonsets", "DaemonSet", true)),
			"batch/v1", List.of(new Kind("jobs", "Job", true), new Kind("cronjobs", "CronJob", true)));

	/** The API groups named at {@code /apis}: the built-in ones above and CloudNativePG's. */
	private static final List<String> GROUP_VERSIONS = List.of("apps/v1", "batch/v1", CnpgKinds.API_VERSION);

	private static final Pattern GROUP_VERSION_PATH = Pattern.compile("/apis/[^/]+/[^/]+");

	@Override
	public MockResponse handleGet(String path) {
		String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
		String document = document(bare);
		if (document == null) {
			// A custom group's resource list comes from its CRDs, but only when asked without a query (client-go
			// adds ?timeout=), which the mock would otherwise take for a collection.
			return super.handleGet(GROUP_VERSION_PATH.matcher(bare).matches() ? bare : path);
		}
		return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(document);
	}

	private static String document(String path) {
		return switch (path) {
			case "/version" -> Serialization.asJson(Map.of("major", "1", "minor", "34", "gitVersion", "v1.34.0-sandbox",
					"platform", "linux/amd64"));
			case "/api" -> Serialization.asJson(Map.of("kind", "APIVersions", "versions", List.of("v1"),
					"serverAddressByClientCIDRs", List.of()));
			case "/apis" -> Serialization.asJson(Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups",
					GROUP_VERSIONS.stream().map(SandboxDiscovery::group).toList()));
			case "/api/v1" -> resources("v1");
			case "/apis/apps/v1" -> resources("apps/v1");
			case "/apis/batch/v1" -> resources("batch/v1");
			default -> null;
		};
	}

	private static Map<String, Object> group(String groupVersion) {
		String name = groupVersion.substring(0, groupVersion.indexOf('/'));
		Map<String, String> version = Map.of("groupVersion", groupVersion, "version",
				groupVersion.substring(groupVersion.indexOf('/') + 1));
		return Map.of("name", name, "versions", List.of(version), "preferredVersion", version);
	}

	private static String resources(String groupVersion) {
		List<Map<String, Object>> resources = BUILT_IN.get(groupVersion).stream().map(kind -> {
			Map<String, Object> resource = new LinkedHashMap<>();
			resource.put("name", kind.plural());
			resource.put("singularName", kind.kind().toLowerCase(Locale.ROOT));
			resource.put("kind", kind.kind());
			resource.put("namespaced", kind.namespaced());
			resource.put("verbs", VERBS);
			return resource;
		}).toList();
		return Serialization.asJson(Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", groupVersion,
				"resources", resources));
	}

	private record Kind(String plural, String kind, boolean namespaced) {
	}

}
