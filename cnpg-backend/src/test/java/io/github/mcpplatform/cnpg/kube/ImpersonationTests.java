package io.github.mcpplatform.cnpg.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How the claims of the gateway's token become the Kubernetes user a call acts as. */
class ImpersonationTests {

	private final Impersonation byEmail = impersonation("email", "", "");

	@Test
	void theUserIsTheConfiguredClaimAndTheGroupsAreTheGroupsClaim() {
		KubeUser user = this.byEmail.userFor(Map.of("sub", "auth0|42", "email", "alice@example.com", "groups",
				List.of("db-team", "dev")));

		assertThat(user).isEqualTo(new KubeUser("alice@example.com", List.of("db-team", "dev")));
		assertThat(user.describe()).isEqualTo("alice@example.com (groups: db-team, dev)");
	}

	@Test
	void prefixesArePutBeforeTheUserAndEveryGroupAsTheApiServersOidcFlagsDo() {
		KubeUser user = impersonation("sub", "oidc:", "oidc:").userFor(Map.of("sub", "auth0|42", "groups", List.of("dev")));

		assertThat(user).isEqualTo(new KubeUser("oidc:auth0|42", List.of("oidc:dev")));
	}

	@Test
	void aTokenWithoutGroupsActsWithNone() {
		assertThat(this.byEmail.userFor(Map.of("email", "alice@example.com")).groups()).isEmpty();
	}

	@Test
	void aMissingOrEmptyUserClaimIsRefusedNamingTheClaimAndTheSetting() {
		assertThatThrownBy(() -> this.byEmail.userFor(Map.of("sub", "auth0|42")))
			.isInstanceOf(Impersonation.RefusedException.class)
			.hasMessageContaining("no 'email' claim")
			.hasMessageContaining("verified")
			.hasMessageContaining("cnpg.kubernetes.impersonate-user-claim");
		assertThatThrownBy(() -> this.byEmail.userFor(Map.of("email", " "))).hasMessageContaining("no 'email' claim");
		assertThatThrownBy(() -> this.byEmail.userFor(Map.of("email", List.of("a@example.com"))))
			.hasMessageContaining("no 'email' claim");
	}

	@Test
	void namesKubernetesReservesAreRefusedEvenFromTheIdentityProvider() {
		assertThatThrownBy(() -> this.byEmail.userFor(Map.of("email", "x", "groups", List.of("system:masters"))))
			.hasMessageContaining("'system:masters'")
			.hasMessageContaining("cnpg.kubernetes.impersonate-group-prefix");
		assertThatThrownBy(() -> impersonation("sub", "", "").userFor(Map.of("sub", "system:admin")))
			.hasMessageContaining("'system:admin'")
			.hasMessageContaining("cnpg.kubernetes.impersonate-user-prefix");
	}

	@Test
	void namesThatCannotGoIntoAHeaderAreRefusedWithoutEchoingThem() {
		assertThatThrownBy(() -> this.byEmail.userFor(Map.of("email", "alice@example.com\r\nImpersonate-Group: admins")))
			.hasMessageContaining("printable ASCII")
			.hasMessageNotContaining("admins");
		assertThatThrownBy(() -> this.byEmail.userFor(Map.of("email", "a@example.com", "groups", List.of("Développeurs"))))
			.hasMessageContaining("group name cannot be sent");
		assertThatThrownBy(() -> this.byEmail.userFor(Map.of("email", "a@example.com", "groups", List.of("dev "))))
			.hasMessageContaining("no space at either end");
		assertThatThrownBy(() -> this.byEmail.userFor(Map.of("email", "a@example.com", "groups", "dev")))
			.hasMessageContaining("not a list");
	}

	@Test
	void offByDefault() {
		assertThat(Impersonation.of(new KubernetesProperties(KubernetesMode.SANDBOX, false, null, null,
				Duration.ofSeconds(5), 4, false)).enabled()).isFalse();
		assertThat(Impersonation.off().enabled()).isFalse();
	}

	private static Impersonation impersonation(String claim, String userPrefix, String groupPrefix) {
		return Impersonation.of(new KubernetesProperties(KubernetesMode.SANDBOX, false, null, null, Duration.ofSeconds(5),
				4, false, true, claim, userPrefix, groupPrefix));
	}

}
