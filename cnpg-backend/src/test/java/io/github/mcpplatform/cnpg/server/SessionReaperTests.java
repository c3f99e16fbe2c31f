package io.github.mcpplatform.cnpg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Sessions are forgotten once deleted or idle, over real HTTP against the assembled application.
 *
 * <p>
 * The reaper notes a request after its response is written, so a client can read the response a moment before
 * the note lands: the assertions wait for it (bounded) rather than expect it at once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cnpg.kubernetes.mode=sandbox", "cnpg.mcp.session-idle-timeout=1ms",
				"cnpg.mcp.session-sweep-interval=1h", "logging.structured.format.console=" })
class SessionReaperTests {

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
			"capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

	private static final String LIST_TOOLS = """
			{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}""";

	private static final Duration SETTLE = Duration.ofSeconds(5);

	@LocalServerPort
	int port;

	@Autowired
	SessionReaper reaper;

	private WebTestClient web;

	@BeforeEach
	void client() {
		this.web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void deleteThenTheSessionIsForgottenAndLaterRequestsGet404() {
		String session = initialize();
		int before = this.reaper.sessionCount();

		this.web.delete().uri("/mcp").header("Mcp-Session-Id", session).exchange().expectStatus().isOk();

		await().atMost(SETTLE).untilAsserted(() -> assertThat(this.reaper.sessionCount()).isEqualTo(before - 1));
		post(session, LIST_TOOLS).expectStatus().isNotFound();
	}

	@Test
	void sweepWhenASessionIsIdleThenForgetsItAndLaterRequestsGet404() {
		String session = initialize();
		post(session, LIST_TOOLS).expectStatus().isOk();

		await().atMost(SETTLE).until(() -> this.reaper.sweep() >= 1);

		post(session, LIST_TOOLS).expectStatus().isNotFound();
	}

	private String initialize() {
		return post(null, INITIALIZE).expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("Mcp-Session-Id");
	}

	private WebTestClient.ResponseSpec post(String session, String body) {
		WebTestClient.RequestBodySpec request = this.web.post()
			.uri("/mcp")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM);
		if (session != null) {
			request = request.header("Mcp-Session-Id", session);
		}
		return request.bodyValue(body).exchange();
	}

}
