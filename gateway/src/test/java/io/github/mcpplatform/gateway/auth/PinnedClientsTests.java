package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpplatform.gateway.auth.AuthorizationServer.PinnedDocument;

/**
 * The copies shipped with the gateway pass the checks every fetched document passes, and an operator's copy
 * that would not is refused at startup, each problem naming its entry and what is wrong.
 */
class PinnedClientsTests {

	static final String CLAUDE_CODE = "https://claude.ai/oauth/claude-code-client-metadata";

	static final String CLAUDE_AI = "https://claude.ai/oauth/mcp-oauth-client-metadata";

	static final String VS_CODE = "https://vscode.dev/oauth/client-metadata.json";

	static final String OWN = "https://tools.example.com/oauth/client.json";

	static String document(String url, String redirectUri) {
		return """
				{"client_id":"%s","client_name":"Own tool","redirect_uris":["%s"],"token_endpoint_auth_method":"none"}"""
			.formatted(url, redirectUri);
	}

	static PinnedDocument inline(String url, String document) {
		return new PinnedDocument(url, null, document, null, true);
	}

	@Test
	void theShippedCopiesOfClaudeCodeClaudeAiAndVsCodePassTheChecksOfAFetchedDocument() {
		PinnedClients pinned = PinnedClients.load(List.of());

		PinnedClients.Pinned claudeCode = pinned.get(CLAUDE_CODE);
		assertThat(claudeCode.client().clientName()).isEqualTo("Claude Code");
		// Portless loopback URIs: the port Claude Code picks at run time matches (RFC 8252 §7.3).
		assertThat(claudeCode.client().redirectUris()).containsExactly("http://localhost/callback", "http://127.0.0.1/callback");
		assertThat(RedirectUris.matches(claudeCode.client().redirectUris(), "http://localhost:52163/callback")).isTrue();
		assertThat(claudeCode.copiedOn()).isEqualTo("2026-10-05");
		assertThat(claudeCode.fetch()).isTrue();

		// claude.ai's document also lists the jwt-bearer grant, which the gateway never issues but does not refuse.
		PinnedClients.Pinned claudeAi = pinned.get(CLAUDE_AI);
		assertThat(claudeAi.client().clientName()).isEqualTo("Claude");
		assertThat(claudeAi.client().redirectUris()).containsExactly("https://claude.ai/api/mcp/auth_callback");

		PinnedClients.Pinned vsCode = pinned.get(VS_CODE);
		assertThat(vsCode.client().clientName()).isEqualTo("Visual Studio Code");
		assertThat(vsCode.client().redirectUris()).containsExactly("http://127.0.0.1:33418/", "https://vscode.dev/redirect");
		assertThat(vsCode.client().isPublic()).isTrue();
		assertThat(pinned.get(OWN)).isNull();
	}

	@Test
	void anOperatorsCopyFromAFileOrInlineIsUsedAndAShippedOneCanBeSetNeverToBeFetched(@TempDir Path directory)
			throws IOException {
		Path file = Files.writeString(directory.resolve("own.json"), document(OWN, "https://tools.example.com/callback"));
		PinnedClients pinned = PinnedClients.load(List.of(new PinnedDocument(OWN, file, null, "2026-11-30", true),
				new PinnedDocument(CLAUDE_CODE, null, null, null, false)));

		assertThat(pinned.get(OWN).client().redirectUris()).containsExactly("https://tools.example.com/callback");
		assertThat(pinned.get(OWN).copiedOn()).isEqualTo("2026-11-30");
		assertThat(pinned.get(CLAUDE_CODE).fetch()).isFalse();
		assertThat(pinned.get(CLAUDE_CODE).copiedOn()).isEqualTo("2026-10-05");
		assertThat(pinned.get(CLAUDE_CODE).client().clientName()).isEqualTo("Claude Code");
	}

	@Test
	void aCopyThatWouldBeRefusedIfFetchedIsRefusedAtStartupNamingTheEntryAndTheProblem(@TempDir Path directory) {
		List<String> problems = PinnedClients.problems(List.of(
				inline(OWN, document("https://tools.example.com/other.json", "https://tools.example.com/callback")),
				inline("https://tools.example.com/evil.json",
						document("https://tools.example.com/evil.json", "http://evil.example.com/callback")),
				inline("https://tools.example.com/html.json", "<html>challenge</html>"),
				new PinnedDocument("https://tools.example.com/missing.json", directory.resolve("missing.json"), null, null, true),
				new PinnedDocument("https://tools.example.com/nothing.json", null, null, null, true),
				new PinnedDocument("https://tools.example.com/both.json", directory.resolve("x"), "{}", null, true),
				new PinnedDocument(CLAUDE_AI, null, null, "last tuesday", true),
				inline("http://tools.example.com/plain.json", "{}"),
				inline("https://tools.example.com/grants.json", document("https://tools.example.com/grants.json",
						"https://tools.example.com/cb").replace("\"client_name\"", "\"grant_types\":[\"device_code\"],\"client_name\"")),
				inline(OWN, document(OWN, "https://tools.example.com/callback")), new PinnedDocument(" ", null, null, null, true)));

		String prefix = "gateway.auth.client-metadata.pinned-clients";
		assertThat(problems).containsExactly(
				prefix + "[0] (" + OWN + "): the client's metadata document is not valid: its client_id is not exactly the "
						+ "URL it is published at",
				prefix + "[1] (https://tools.example.com/evil.json): the client's metadata document is not valid: http "
						+ "redirect URIs are allowed only on loopback (localhost, 127.0.0.1, [::1]); use https: "
						+ "http://evil.example.com/callback",
				prefix + "[2] (https://tools.example.com/html.json): the client's metadata document is not valid: the "
						+ "client's metadata document is not JSON",
				prefix + "[3] (https://tools.example.com/missing.json): document-file " + directory.resolve("missing.json")
						+ " cannot be read; mount the document there",
				prefix + "[4] (https://tools.example.com/nothing.json): set document-file (a file holding the client's "
						+ "metadata document) or document (the JSON inline); only [" + CLAUDE_CODE + ", " + CLAUDE_AI + ", "
						+ VS_CODE + "] have a copy shipped with the gateway",
				prefix + "[5] (https://tools.example.com/both.json): set document-file or document, not both",
				prefix + "[6] (" + CLAUDE_AI + "): copied-on must be a date such as 2026-10-05, it is last tuesday",
				prefix + "[7] (http://tools.example.com/plain.json): a client_id URL must be https",
				prefix + "[8] (https://tools.example.com/grants.json): the client's metadata document is not valid: "
						+ "grant_types must include authorization_code, the only way the gateway signs in a client",
				prefix + "[9] (" + OWN + ") is listed twice; keep one entry per client",
				prefix + "[10].client-id is required: the https URL the client uses as its client_id");
		assertThatThrownBy(() -> PinnedClients.load(List.of(inline(OWN, "[]"))))
			.hasMessage(prefix + "[0] (" + OWN + "): the client's metadata document is not valid: the client's metadata "
					+ "document must be a JSON object");
	}

	@Test
	void aCopyLargerThanAFetchedDocumentMayBeIsRefused(@TempDir Path directory) throws IOException {
		Path large = Files.writeString(directory.resolve("large.json"), " ".repeat(6 * 1024)
				+ document(OWN, "https://tools.example.com/callback"));
		assertThat(PinnedClients.problems(List.of(new PinnedDocument(OWN, large, null, null, true))))
			.containsExactly("gateway.auth.client-metadata.pinned-clients[0] (" + OWN + "): document-file " + large
					+ " is larger than 5120 bytes, the limit for a fetched document too");
	}

}
