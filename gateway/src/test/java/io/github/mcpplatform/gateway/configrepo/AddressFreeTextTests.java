package io.github.mcpplatform.gateway.configrepo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The problems the status endpoint shows, as the network library words them, without the backend's address. */
class AddressFreeTextTests {

	@Test
	void aRefusedConnectionKeepsItsReasonAndLosesTheAddress() {
		assertThat(AddressFreeText.of("finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:18081 "
				+ "(finishConnect(..) failed with error(-111): Connection refused)"))
			.isEqualTo("finishConnect(..) failed with error(-111): Connection refused: <backend address> "
					+ "(finishConnect(..) failed with error(-111): Connection refused)");
	}

	@Test
	void anHttpErrorKeepsItsStatusAndLosesTheUrl() {
		assertThat(AddressFreeText.of("Client failed to initialize by explicit API call (401 Unauthorized from POST "
				+ "http://cnpg.mcp.svc.cluster.local:8081/mcp)"))
			.isEqualTo("Client failed to initialize by explicit API call (401 Unauthorized from POST <backend URL>)");
	}

	@Test
	void namedAndIpv6AddressesAreTakenOutToo() {
		assertThat(AddressFreeText.of("Connection refused: cnpg.mcp.svc/10.96.0.12:8081"))
			.isEqualTo("Connection refused: <backend address>");
		assertThat(AddressFreeText.of("Connection refused: [fd00::12]:8081")).isEqualTo("Connection refused: <backend address>");
		assertThat(AddressFreeText.of(null)).isNull();
	}

}
