package io.github.mcpplatform.cnpg.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;

/** The sandbox answers the discovery documents as an API server does, read with fabric8's own discovery calls. */
class SandboxDiscoveryTests {

	private final KubernetesClient client = TestSandbox.get().client();

	@Test
	void theVersionIsAKubernetesVersionInfo() {
		assertThat(this.client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.34.0-sandbox");
	}

	@Test
	void theCoreGroupListsItsKindsWithTheirScope() {
		assertThat(this.client.getApiResources("v1").getResources())
			.extracting(APIResource::getKind, APIResource::getName, APIResource::getNamespaced)
			.contains(org.assertj.core.groups.Tuple.tuple("Namespace", "namespaces", false),
					org.assertj.core.groups.Tuple.tuple("Pod", "pods", true),
					org.assertj.core.groups.Tuple.tuple("Event", "events", true));
	}

	@Test
	void theGroupsIncludeAppsAndCloudNativePgWhoseKindsComeFromTheirCrds() {
		assertThat(this.client.getApiGroups().getGroups()).extracting(APIGroup::getName)
			.contains("apps", "batch", CnpgKinds.GROUP);
		assertThat(this.client.getApiResources("apps/v1").getResources()).extracting(APIResource::getKind)
			.contains("Deployment", "StatefulSet");
		assertThat(this.client.getApiResources(CnpgKinds.API_VERSION).getResources()).extracting(APIResource::getKind)
			.contains("Cluster", "Database");
	}

	@Test
	void aCustomGroupsResourceListIsServedWhenTheRequestHasAQueryAsClientGoSendsIt() throws Exception {
		java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(TestSandbox.get().url() + "apis/" + CnpgKinds.API_VERSION
					+ "?timeout=32s")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());

		assertThat(answer.body()).contains("\"kind\":\"APIResourceList\"").contains("\"kind\":\"Cluster\"");
	}

	@Test
	void objectsAreStillServedByTheCrudStore() {
		String name = TestSandbox.uniqueNamespace("discovery");
		this.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();

		assertThat(this.client.namespaces().withName(name).get()).isNotNull();
	}

}
