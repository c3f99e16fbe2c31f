package io.github.mcpplatform.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GatewayUserTests {

	private static final String IDP = "https://idp.example.com/";

	private static final String RFC_1123_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

	@Test
	void twoPeopleWhoseNamesNormaliseAlikeGetDifferentIdsAndPrincipals() {
		GatewayUser alice = GatewayUser.fromClaims(Map.of("sub", "google-oauth2|111", "name", "Alice Example"), IDP);
		GatewayUser mallory = GatewayUser.fromClaims(Map.of("sub", "github|999", "preferred_username", "alice.example"), IDP);

		assertThat(alice.id()).startsWith("alice-example-").isNotEqualTo(mallory.id());
		assertThat(mallory.id()).startsWith("alice-example-");
		assertThat(alice.principal()).isNotEqualTo(mallory.principal());
	}

	@Test
	void onePersonKeepsTheirPrincipalWhenTheirNameChanges() {
		GatewayUser before = GatewayUser.fromClaims(Map.of("sub", "auth0|42", "preferred_username", "alice"), IDP);
		GatewayUser renamed = GatewayUser.fromClaims(Map.of("sub", "auth0|42", "preferred_username", "alice.smith"), IDP);

		assertThat(renamed.principal()).isEqualTo(before.principal());
	}

	@Test
	void theSameSubjectAtAnotherIdentityProviderIsAnotherPerson() {
		GatewayUser here = GatewayUser.fromClaims(Map.of("sub", "42", "name", "Bob"), IDP);
		GatewayUser there = GatewayUser.fromClaims(Map.of("sub", "42", "name", "Bob"), "https://other.example.com/");

		assertThat(here.id()).isNotEqualTo(there.id());
		assertThat(here.principal()).isNotEqualTo(there.principal());
	}

	@Test
	void theIdIsAnRfc1123LabelWhateverTheName() {
		assertThat(GatewayUser.userId("Bob", IDP, "s")).isEqualTo(GatewayUser.userId("bob", IDP, "s"))
			.matches(RFC_1123_LABEL).matches("bob-[0-9a-f]{12}");
		assertThat(GatewayUser.userId("x".repeat(200), IDP, "s")).matches(RFC_1123_LABEL).hasSizeLessThanOrEqualTo(53);
		assertThat(GatewayUser.userId("a-".repeat(30), IDP, "s")).matches(RFC_1123_LABEL);
		assertThat(GatewayUser.userId("@@@", IDP, "s")).startsWith("user-").matches(RFC_1123_LABEL);
	}

	@Test
	void anEmailAddressCountsOnlyWhenTheIdentityProviderVerifiedIt() {
		assertThat(GatewayUser.fromClaims(Map.of("sub", "1", "email", "a@corp.example"), IDP).email()).isNull();
		assertThat(GatewayUser.fromClaims(Map.of("sub", "1", "email", "a@corp.example", "email_verified", false), IDP)
			.email()).isNull();
		assertThat(GatewayUser.fromClaims(Map.of("sub", "1", "email", "a@corp.example", "email_verified", true), IDP)
			.email()).isEqualTo("a@corp.example");
		// Amazon Cognito sends the flag as a string.
		assertThat(GatewayUser.fromClaims(Map.of("sub", "1", "email", "a@corp.example", "email_verified", "true"), IDP)
			.email()).isEqualTo("a@corp.example");
	}

	@Test
	void aNewerIdTokenReplacesGroupsAndDropsAnAddressItNoLongerVouchesFor() {
		GatewayUser user = GatewayUser.fromClaims(
				Map.of("sub", "1", "email", "a@corp.example", "email_verified", true, "groups", List.of("dba")), IDP);

		GatewayUser silent = user.updatedBy(Map.of("sub", "1", "groups", List.of("staff")));
		GatewayUser unverified = user.updatedBy(Map.of("sub", "1", "email", "b@corp.example", "email_verified", false));

		assertThat(silent.email()).isEqualTo("a@corp.example");
		assertThat(silent.groups()).containsExactly("staff");
		assertThat(silent.principal()).isEqualTo(user.principal());
		assertThat(unverified.email()).isNull();
		assertThat(unverified.groups()).isEmpty();
	}

}
