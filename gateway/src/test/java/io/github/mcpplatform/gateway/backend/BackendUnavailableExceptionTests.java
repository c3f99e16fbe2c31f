package io.github.mcpplatform.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.netty.channel.ConnectTimeoutException;
import reactor.netty.http.client.PrematureCloseException;

/** What a client reads when its backend fails: what happened, never where the backend lives. */
class BackendUnavailableExceptionTests {

	private static final BackendDefinition DB = new BackendDefinition("db", URI.create("http://10.1.2.3:8081/mcp"), "pg", true,
			Duration.ofSeconds(2), null, "test:1");

	@Test
	void aNetworkErrorIsSaidInWordsWithoutTheAddressItsMessageNames() {
		assertThat(message(new ConnectException("Connection refused: /10.1.2.3:8081")))
			.isEqualTo("backend 'db' refused the connection");
		assertThat(message(new ConnectTimeoutException("connection timed out after 2000 ms: /10.1.2.3:8081")))
			.isEqualTo("backend 'db' did not accept the connection in time");
		assertThat(message(new UnknownHostException("db.internal.example")))
			.isEqualTo("backend 'db' has a host name that does not resolve");
		assertThat(message(PrematureCloseException.TEST_EXCEPTION)).isEqualTo("backend 'db' closed the connection");
	}

	@Test
	void aTimeoutNamesTheBackendsTimeout() {
		assertThat(message(new TimeoutException("Did not observe any item within 2000ms in 'gateway.backend'")))
			.isEqualTo("backend 'db' did not start answering within 2000 ms");
	}

	@Test
	void aWrappedCauseIsFoundAndAnUnknownOneOnlyNamedByItsKind() {
		assertThat(message(new IllegalStateException("wrapped", new ConnectException("Connection refused: /10.1.2.3:8081"))))
			.isEqualTo("backend 'db' refused the connection");
		assertThat(message(new IllegalStateException("at http://10.1.2.3:8081/mcp")))
			.isEqualTo("backend 'db' is unavailable (IllegalStateException)");
	}

	private static String message(Throwable cause) {
		return new BackendUnavailableException(DB, cause).getMessage();
	}

}
