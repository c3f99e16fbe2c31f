package io.github.mcpplatform.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** values.schema.json refuses unknown keys and malformed values before any template runs. */
class SchemaTests {

	@Test
	void aMisspelledKeyIsRefused() {
		assertThat(Charts.refusal(Scenario.of().with("gateway.replica", 3)))
			.contains("values don't meet the specifications of the schema")
			.contains("additional properties 'replica' not allowed");
	}

	@Test
	void closedSetsAreEnforced() {
		assertThat(Charts.refusal(Scenario.of().with("gateway.store", "postgres"))).contains("/gateway/store");
		assertThat(Charts.refusal(Scenario.of().with("cnpgBackend.rbac.access", "admin"))).contains("/cnpgBackend/rbac/access");
		assertThat(Charts.refusal(Scenario.of().with("gateway.ingress.controller", "haproxy")))
			.contains("/gateway/ingress/controller");
	}

	@Test
	void durationsSizesAndNumbersMustHaveTheirForm() {
		assertThat(Charts.refusal(Scenario.of().with("gateway.configRepo.pollInterval", "30 seconds")))
			.contains("/gateway/configRepo/pollInterval");
		assertThat(Charts.refusal(Scenario.of().with("gateway.maxRequestSize", "1 megabyte")))
			.contains("/gateway/maxRequestSize");
		assertThat(Charts.refusal(Scenario.of().with("gateway.replicas", 0))).contains("/gateway/replicas");
		assertThat(Charts.refusal(Scenario.of().with("gateway.image.digest", "latest"))).contains("/gateway/image/digest");
		assertThat(Charts.refusal(Scenario.of().with("gateway.auth.clientMetadata.allowedNetworks[0]", "intranet.example.com")))
			.contains("/gateway/auth/clientMetadata/allowedNetworks/0");
	}

	@Test
	void secretReferencesTakeOnlyTheirThreeFields() {
		assertThat(Charts.refusal(Scenario.of().with("gateway.signingKey.name", "keys")))
			.contains("additional properties 'name' not allowed");
	}

}
