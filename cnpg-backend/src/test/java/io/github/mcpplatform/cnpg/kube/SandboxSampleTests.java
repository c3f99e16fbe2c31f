package io.github.mcpplatform.cnpg.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.github.mcpplatform.cnpg.cnpg.AppSecrets;
import io.github.mcpplatform.cnpg.cnpg.CnpgKinds;
import io.github.mcpplatform.cnpg.sql.Credentials;

/** What the sandbox's sample cluster looks like: what a CNPG operator would have created and reported. */
class SandboxSampleTests {

	private static Sandbox sandbox;

	@BeforeAll
	static void seed() {
		sandbox = Sandbox.start();
		sandbox.seedSampleCluster(Sandbox.NAMESPACE);
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@Test
	void eachInstanceHasARunningReadyPodLabelledAsCnpgLabelsIt() {
		List<Pod> pods = sandbox.client()
			.pods()
			.inNamespace(Sandbox.NAMESPACE)
			.withLabel(CnpgKinds.CLUSTER_LABEL, Sandbox.SAMPLE_CLUSTER)
			.list()
			.getItems();

		assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(Sandbox.SAMPLE_INSTANCES);
		assertThat(pods).allSatisfy(pod -> {
			assertThat(pod.getMetadata().getLabels()).containsEntry("cnpg.io/podRole", "instance")
				.containsEntry("cnpg.io/instanceName", pod.getMetadata().getName());
			assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
			assertThat(pod.getStatus().getContainerStatuses()).singleElement()
				.satisfies(postgres -> assertThat(postgres.getReady()).isTrue());
		});
		assertThat(pods).filteredOn(p -> "primary".equals(p.getMetadata().getLabels().get("cnpg.io/instanceRole")))
			.extracting(p -> p.getMetadata().getName())
			.containsExactly("pg-sample-1");
	}

	@Test
	void theApplicationSecretHoldsALoginForTheApplicationDatabaseAsCnpgWritesIt() {
		Secret secret = sandbox.client().secrets().inNamespace(Sandbox.NAMESPACE).withName("pg-sample-app").get();

		assertThat(secret.getType()).isEqualTo("kubernetes.io/basic-auth");
		assertThat(secret.getMetadata().getLabels()).containsEntry(CnpgKinds.CLUSTER_LABEL, Sandbox.SAMPLE_CLUSTER);
		Credentials login = AppSecrets.credentials(secret);
		assertThat(login).isNotNull();
		assertThat(login.username()).isEqualTo("app");
		assertThat(login.password()).matches("[A-Za-z0-9]{64}");
		assertThat(AppSecrets.databaseOf(secret)).isEqualTo("app");
		assertThat(decoded(secret, "uri")).isEqualTo("postgresql://app:" + login.password() + "@pg-sample-rw.default:5432/app");
	}

	@Test
	void eachSandboxHasAnApplicationPasswordOfItsOwn() {
		try (Sandbox other = Sandbox.start()) {
			other.seedSampleCluster(Sandbox.NAMESPACE);
			String mine = AppSecrets.password(sandbox.client().secrets().inNamespace(Sandbox.NAMESPACE).withName("pg-sample-app").get());
			String theirs = AppSecrets.password(other.client().secrets().inNamespace(Sandbox.NAMESPACE).withName("pg-sample-app").get());
			assertThat(mine).isNotEqualTo(theirs);
		}
	}

	private static String decoded(Secret secret, String key) {
		return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
	}

	@Test
	void theClusterStatusNamesTheInstancesAndAPrimaryThatIsNotMoving() {
		GenericKubernetesResource cluster = sandbox.client()
			.genericKubernetesResources(CnpgKinds.CLUSTER)
			.inNamespace(Sandbox.NAMESPACE)
			.withName(Sandbox.SAMPLE_CLUSTER)
			.get();

		assertThat(cluster.<List<String>>get("status", "instanceNames")).isEqualTo(Sandbox.SAMPLE_INSTANCES);
		assertThat(cluster.<String>get("status", "currentPrimary")).isEqualTo("pg-sample-1");
		assertThat(cluster.<String>get("status", "targetPrimary")).isEqualTo("pg-sample-1");
	}

}
