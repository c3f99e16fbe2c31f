package io.github.mcpplatform.cnpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransportTests {

	@Test
	void withoutTheOptionTheTransportIsHttpAndTheArgumentsPassUnchanged() {
		assertThat(Transport.fromArguments("--server.port=9000")).isEqualTo(Transport.HTTP);
		assertThat(Transport.HTTP.arguments("--server.port=9000")).containsExactly("--server.port=9000");
	}

	@Test
	void stdioInEitherSpellingTurnsTheWebServerOffAndSendsLogsToStandardError() {
		assertThat(Transport.fromArguments("--transport", "stdio")).isEqualTo(Transport.STDIO);
		assertThat(Transport.fromArguments("--transport=STDIO", "--x=1")).isEqualTo(Transport.STDIO);
		assertThat(Transport.withoutTransport("--transport", "stdio", "--x=1")).containsExactly("--x=1");
		assertThat(Transport.withoutTransport("--a=1", "--transport=stdio")).containsExactly("--a=1");
		assertThat(Transport.STDIO.arguments("--x=1")).containsExactly("--spring.ai.mcp.server.stdio=true",
				"--spring.main.web-application-type=none", "--logging.config=classpath:logback-stdio.xml", "--x=1");
	}

	@Test
	void anUnknownOrMissingValueIsRefusedNamingTheValidOnes() {
		assertThatThrownBy(() -> Transport.fromArguments("--transport", "sse")).hasMessage(
				"--transport 'sse' is not a transport: use http or stdio");
		assertThatThrownBy(() -> Transport.fromArguments("--transport")).hasMessage("--transport needs a value: http or stdio");
	}

}
