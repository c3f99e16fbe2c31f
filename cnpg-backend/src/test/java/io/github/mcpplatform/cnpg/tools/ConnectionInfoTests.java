package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.ToolHarness.structured;
import static io.github.mcpplatform.cnpg.tools.ToolHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/**
 * get_postgres_connection_info's password: read only when asked for twice (include_password and confirm), marked in
 * the answer, and never written to any log, at any level.
 */
class ConnectionInfoTests {

	private static final String PASSWORD = "pw-7f3a9c1e-only-in-the-secret";

	private final ToolHarness tools = new ToolHarness("connect");

	private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private Level level;

	@BeforeEach
	void captureEveryLogLine() {
		this.level = this.root.getLevel();
		this.root.setLevel(Level.TRACE);
		this.logs.start();
		this.root.addAppender(this.logs);
		this.tools.givenCluster("pg", 3, ToolHarness.healthy("pg", 3));
		givenAppSecret(this.tools, "pg-app", PASSWORD);
	}

	@AfterEach
	void stopCapturing() {
		this.root.detachAppender(this.logs);
		this.root.setLevel(this.level);
	}

	@Test
	void thePasswordNeedsIncludePasswordAndConfirm() {
		CallToolResult unconfirmed = this.tools.callNow("get_postgres_connection_info", Map.of("cluster_name", "pg",
				"include_password", true));
		CallToolResult confirmedOnly = this.tools.callNow("get_postgres_connection_info", Map.of("cluster_name", "pg",
				"confirm", true));

		assertThat(unconfirmed.isError()).isTrue();
		assertThat(text(unconfirmed)).contains("include_password=true needs confirm=true too").contains("Nothing was read")
			.doesNotContain(PASSWORD);
		assertThat(text(confirmedOnly)).doesNotContain(PASSWORD);
		assertThat(structured(confirmedOnly)).doesNotContainKey("password");
		assertThat(loggedText()).doesNotContain(PASSWORD);
	}

	@Test
	void askedForTwiceThePasswordIsShownMarkedAndNeverLogged() {
		CallToolResult result = this.tools.callNow("get_postgres_connection_info", Map.of("cluster_name", "pg",
				"include_password", true, "confirm", true));

		assertThat(result.isError()).as(text(result)).isFalse();
		assertThat(text(result)).contains("PASSWORD INCLUDED (asked for with include_password and confirm): " + PASSWORD);
		assertThat(structured(result)).containsEntry("password", PASSWORD).containsEntry("passwordIncluded", true);
		assertThat(this.logs.list).isNotEmpty();
		assertThat(loggedText()).doesNotContain(PASSWORD);
	}

	private String loggedText() {
		return this.logs.list.stream()
			.map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs() + " " + e.getMDCPropertyMap()
					+ (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
			.collect(Collectors.joining("\n"));
	}

	/** The application secret CNPG writes for a cluster: basic-auth, user and database {@code app}. */
	static void givenAppSecret(ToolHarness tools, String name, String password) {
		tools.client.secrets().inNamespace(tools.namespace).resource(new SecretBuilder().withNewMetadata()
			.withName(name)
			.endMetadata()
			.withType("kubernetes.io/basic-auth")
			.addToData("username", base64("app"))
			.addToData("password", base64(password))
			.addToData("dbname", base64("app"))
			.build()).create();
	}

	private static String base64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

}
