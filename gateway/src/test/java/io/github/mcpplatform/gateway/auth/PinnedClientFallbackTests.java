package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.mcpplatform.gateway.auth.AuthorizationServer.PinnedDocument;
import io.github.mcpplatform.gateway.auth.ClientMetadataDocuments.DocumentException;
import io.github.mcpplatform.gateway.auth.DocumentServer.Answer;
import io.github.mcpplatform.gateway.tls.TrustedCertificates;
import reactor.test.StepVerifier;

/**
 * When a pinned copy stands in for a client's document: a real HTTPS server on loopback plays the vendor's
 * host and answers 403, 503, too late or not at all; the copy is used then, and only then.
 */
@ExtendWith(OutputCaptureExtension.class)
class PinnedClientFallbackTests {

	static final String REDIRECT = "http://127.0.0.1/callback";

	static DocumentServer vendor;

	@BeforeAll
	static void start() {
		vendor = new DocumentServer();
	}

	@AfterAll
	static void stop() {
		vendor.close();
	}

	/** Documents fetched from loopback (allowed here) within 2 s, with {@code url} pinned as "Pinned copy". */
	static ClientMetadataDocuments pinning(String url, boolean fetch) {
		String copy = """
				{"client_id":"%s","client_name":"Pinned copy","redirect_uris":["%s"],"token_endpoint_auth_method":"none"}"""
			.formatted(url, REDIRECT);
		return new ClientMetadataDocuments(new AuthRecords(new InMemoryAuthStore(Clock.systemUTC())),
				new PublicAddresses(List.of("127.0.0.0/8")), TrustedCertificates.sslContext(vendor.caFile()),
				Duration.ofSeconds(2), 30, PinnedClients.load(List.of(new PinnedDocument(url, null, copy, "2026-11-30", fetch))));
	}

	static PinnedClients.Resolved resolve(ClientMetadataDocuments documents, String url) {
		return documents.client(url, "203.0.113.9").block(Duration.ofSeconds(10));
	}

	static void assertPinned(PinnedClients.Resolved resolved, String url, String reason) {
		assertThat(resolved.client().clientName()).isEqualTo("Pinned copy");
		assertThat(resolved.client().clientId()).isEqualTo(url);
		assertThat(resolved.pinnedNotice()).isEqualTo("This client's registration was read from the gateway's pinned copy "
				+ "of 2026-11-30 because " + url + " " + reason + ".");
	}

	@Test
	void aBotChallenge403OrAServerErrorGetsThePinnedCopy() {
		vendor.answer("/challenged.json", new Answer(403, Map.of("Content-Type", "text/html"), "<html>Just a moment</html>",
				Duration.ZERO));
		assertPinned(resolve(pinning(vendor.url("/challenged.json"), true), vendor.url("/challenged.json")),
				vendor.url("/challenged.json"), "could not be fetched: it answered HTTP 403");
		vendor.answer("/down.json", new Answer(503, Map.of(), "", Duration.ZERO));
		assertPinned(resolve(pinning(vendor.url("/down.json"), true), vendor.url("/down.json")), vendor.url("/down.json"),
				"could not be fetched: it answered HTTP 503");
	}

	@Test
	void aHostThatDoesNotAnswerInTimeGetsThePinnedCopy() {
		vendor.answer("/slow.json", new Answer(200, Map.of(), "{}", Duration.ofSeconds(10)));
		assertPinned(resolve(pinning(vendor.url("/slow.json"), true), vendor.url("/slow.json")), vendor.url("/slow.json"),
				"could not be fetched: no answer in time");
	}

	@Test
	void aConnectionRefusedGetsThePinnedCopy() throws IOException {
		String url = "https://localhost:" + closedPort() + "/refused.json";
		assertPinned(resolve(pinning(url, true), url), url, "could not be fetched: the host could not be reached");
	}

	@Test
	void theLiveDocumentWinsWheneverItAnswers() {
		vendor.answer("/live.json", Answer.json(vendor.document("/live.json", "Live document", REDIRECT)));
		PinnedClients.Resolved resolved = resolve(pinning(vendor.url("/live.json"), true), vendor.url("/live.json"));
		assertThat(resolved.client().clientName()).isEqualTo("Live document");
		assertThat(resolved.pinnedNotice()).isNull();
	}

	@Test
	void aDocumentTheVendorWithdrewOrBrokeIsNotReplacedByTheCopy() {
		vendor.answer("/withdrawn.json", new Answer(404, Map.of(), "", Duration.ZERO));
		refused(pinning(vendor.url("/withdrawn.json"), true), vendor.url("/withdrawn.json"), "answered HTTP 404");
		vendor.answer("/broken.json", Answer.json(vendor.document("/broken.json", "Broken", "http://evil.example.com/cb")));
		refused(pinning(vendor.url("/broken.json"), true), vendor.url("/broken.json"), "allowed only on loopback");
	}

	@Test
	void aCopySetNeverToBeFetchedIsUsedWithoutAskingTheHost() {
		vendor.answer("/offline.json", Answer.json(vendor.document("/offline.json", "Live document", REDIRECT)));
		assertPinned(resolve(pinning(vendor.url("/offline.json"), false), vendor.url("/offline.json")),
				vendor.url("/offline.json"), "is not fetched by this gateway (fetch: false)");
		assertThat(vendor.hits("/offline.json")).isZero();
	}

	@Test
	void aClientWithoutACopyWhoseHostCannotBeReachedIsToldWhatToConfigure() {
		vendor.answer("/unpinned.json", new Answer(403, Map.of(), "", Duration.ZERO));
		refused(pinning(vendor.url("/other.json"), true), vendor.url("/unpinned.json"),
				"answered HTTP 403 (it must answer 200, without redirects); the gateway's operator can allow it to reach "
						+ "localhost over HTTPS, or pin this client's document in gateway.auth.client-metadata.pinned-clients");
	}

	@Test
	void theCopysUseIsLoggedOncePerClientNotOnEverySignIn(CapturedOutput output) {
		vendor.answer("/logged.json", new Answer(403, Map.of(), "", Duration.ZERO));
		ClientMetadataDocuments documents = pinning(vendor.url("/logged.json"), true);
		for (int i = 0; i < 3; i++) {
			resolve(documents, vendor.url("/logged.json"));
		}
		assertThat(vendor.hits("/logged.json")).isEqualTo(3);
		String line = "Signing in client " + vendor.url("/logged.json") + " with the gateway's pinned copy of 2026-11-30: "
				+ "it could not be fetched: it answered HTTP 403";
		assertThat(output.getAll().split(java.util.regex.Pattern.quote(line), -1)).hasSize(2);
	}

	static void refused(ClientMetadataDocuments documents, String url, String message) {
		StepVerifier.create(documents.client(url, "203.0.113.9"))
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOf(DocumentException.class).hasMessageContaining(message))
			.verify(Duration.ofSeconds(10));
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
