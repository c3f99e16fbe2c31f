package io.github.mcpplatform.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.identity.GatewayUser;

class BackendAccessTests {

	private static GatewayUser user(String subject, String email, String... groups) {
		return new GatewayUser(subject + "-abc123", "https://idp.example", subject, email, List.of(groups));
	}

	@Test
	void everyoneAdmitsEverySignedInUserEvenOneWithoutGroupsOrEmail() {
		assertThat(BackendAccess.EVERYONE.isEveryone()).isTrue();
		assertThat(BackendAccess.EVERYONE.admits(user("bob", null))).isTrue();
	}

	@Test
	void groupsAdmitTheirMembersOnlyAndCompareNamesExactly() {
		BackendAccess dba = new BackendAccess(Set.of("dba", "platform"), Set.of());

		assertThat(dba.admits(user("ann", "ann@example.com", "staff", "platform"))).isTrue();
		assertThat(dba.admits(user("bob", "bob@example.com", "staff"))).isFalse();
		assertThat(dba.admits(user("eve", "eve@example.com", "DBA", "dba-readers"))).isFalse();
		assertThat(dba.admits(user("dba", "dba@example.com"))).as("a subject is not a group").isFalse();
	}

	@Test
	void usersAreAdmittedByEmailInAnyCaseOrByTheirExactSubject() {
		BackendAccess named = new BackendAccess(Set.of(), Set.of("Ann@Example.com", "auth0|42"));

		assertThat(named.admits(user("x1", "ann@EXAMPLE.com"))).isTrue();
		assertThat(named.admits(user("auth0|42", null))).isTrue();
		assertThat(named.admits(user("AUTH0|42", null))).as("subjects are exact").isFalse();
		assertThat(named.admits(user("ann", "ann@example.org"))).isFalse();
		assertThat(named.admits(user("x2", null, "Ann@Example.com"))).as("a group is not a user").isFalse();
	}

	@Test
	void theLocalUserOfAGatewayWithoutSignInIsAdmittedByItsSubjectLocal() {
		GatewayUser local = GatewayUser.named("local", "http://127.0.0.1:8080");

		assertThat(new BackendAccess(Set.of("dba"), Set.of()).admits(local)).isFalse();
		assertThat(new BackendAccess(Set.of("dba"), Set.of("local")).admits(local)).isTrue();
	}

}
