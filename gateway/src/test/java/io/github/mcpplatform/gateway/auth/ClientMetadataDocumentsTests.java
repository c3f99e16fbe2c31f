package io.github.mcpplatform.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.auth.ClientMetadataDocuments.DocumentException;
import io.github.mcpplatform.gateway.auth.DocumentServer.Answer;
import io.github.mcpplatform.gateway.tls.TrustedCertificates;
import reactor.test.StepVerifier;

/**
 * Fetching client metadata documents: over real TLS from a loopback server the tests allow, and every way a
 * fetch is refused (addresses, certificates, redirects, size, time, content, rate).
 */
class ClientMetadataDocumentsTests {

	static final String REDIRECT = "http://127.0.0.1/callback";

	static DocumentServer server;

	@BeforeAll
	static void start() {
		server = new DocumentServer();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	static ClientMetadataDocuments documents(List<String> allowedNetworks) {
		return documents(allowedNetworks, 30);
	}

	static ClientMetadataDocuments documents(List<String> allowedNetworks, int fetchesPerMinute) {
		return new ClientMetadataDocuments(new AuthRecords(new InMemoryAuthStore(Clock.systemUTC())),
				new PublicAddresses(allowedNetworks), TrustedCertificates.sslContext(server.caFile()), Duration.ofSeconds(1),
				fetchesPerMinute, PinnedClients.load(List.of()));
	}

	static ClientMetadataDocuments loopbackAllowed() {
		return documents(List.of("127.0.0.0/8"));
	}

	static void refused(ClientMetadataDocuments documents, String url, String message) {
		StepVerifier.create(documents.client(url, "203.0.113.9"))
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOf(DocumentException.class).hasMessageContaining(message))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void aValidDocumentBecomesAPublicClientWithItsNameAndRedirectUris() {
		server.answer("/valid.json", Answer.json(server.document("/valid.json", "Valid client", REDIRECT)));
		StepVerifier.create(loopbackAllowed().client(server.url("/valid.json"), "203.0.113.9"))
			.assertNext(resolved -> {
				RegisteredClient client = resolved.client();
				assertThat(resolved.pinnedNotice()).isNull();
				assertThat(client.clientId()).isEqualTo(server.url("/valid.json"));
				assertThat(client.clientName()).isEqualTo("Valid client");
				assertThat(client.redirectUris()).containsExactly(REDIRECT);
				assertThat(client.isPublic()).isTrue();
			})
			.verifyComplete();
	}

	@Test
	void aDocumentIsFetchedOnceWhileItsMaxAgeLastsAndEveryTimeWithNoStore() {
		ClientMetadataDocuments documents = loopbackAllowed();
		server.answer("/cached.json", Answer.json(server.document("/cached.json", "Cached", REDIRECT))
			.withHeader("Cache-Control", "public, max-age=600"));
		server.answer("/uncached.json", Answer.json(server.document("/uncached.json", "Uncached", REDIRECT))
			.withHeader("Cache-Control", "no-store"));
		for (int i = 0; i < 3; i++) {
			documents.client(server.url("/cached.json"), "203.0.113.9").block();
			documents.client(server.url("/uncached.json"), "203.0.113.9").block();
		}
		assertThat(server.hits("/cached.json")).isEqualTo(1);
		assertThat(server.hits("/uncached.json")).isEqualTo(3);
	}

	@Test
	void loopbackIsRefusedWithoutAskingItWhenNoNetworkIsAllowed() {
		server.answer("/private.json", Answer.json(server.document("/private.json", "Private", REDIRECT)));
		refused(documents(List.of()), server.url("/private.json"), "not on the public internet");
		assertThat(server.hits("/private.json")).isZero();
	}

	@Test
	void anIpv6LiteralThatCarriesLoopbackIsRefusedWithoutAskingIt() {
		server.answer("/embedded.json", Answer.json(server.document("/embedded.json", "Embedded", REDIRECT)));
		// IPv4-compatible, IPv4-translated, NAT64 and 6to4 forms of 127.0.0.1: each must be judged as 127.0.0.1.
		for (String host : List.of("[::127.0.0.1]", "[::7f00:1]", "[::ffff:0:127.0.0.1]", "[64:ff9b::127.0.0.1]",
				"[2002:7f00:1::1]")) {
			refused(documents(List.of()), "https://" + host + ":" + server.port() + "/embedded.json",
					"not on the public internet");
		}
		assertThat(server.hits("/embedded.json")).isZero();
	}

	@Test
	void aCertificateForAnotherHostIsRefused() {
		String url = "https://127.0.0.1:" + server.port() + "/valid.json";
		server.answer("/valid.json", Answer.json(server.document("/valid.json", "Valid client", REDIRECT)));
		refused(loopbackAllowed(), url, "TLS certificate is not valid");
	}

	@Test
	void aCertificateFromAnUntrustedAuthorityIsRefused() {
		ClientMetadataDocuments jdkTrustOnly = new ClientMetadataDocuments(
				new AuthRecords(new InMemoryAuthStore(Clock.systemUTC())), new PublicAddresses(List.of("127.0.0.0/8")),
				TrustedCertificates.sslContext(null), Duration.ofSeconds(1), 30, PinnedClients.load(List.of()));
		server.answer("/valid.json", Answer.json(server.document("/valid.json", "Valid client", REDIRECT)));
		refused(jdkTrustOnly, server.url("/valid.json"), "TLS certificate is not valid");
	}

	@Test
	void aRedirectIsNotFollowed() {
		server.answer("/moved.json", new Answer(302, Map.of("Location", server.url("/valid.json")), "", Duration.ZERO));
		refused(loopbackAllowed(), server.url("/moved.json"), "answered HTTP 302");
	}

	@Test
	void aDocumentOverFiveKilobytesIsRefused() {
		String padding = "x".repeat(6 * 1024);
		server.answer("/large.json", Answer.json(server.document("/large.json", "Large", REDIRECT)
			.replace("\"client_name\"", "\"padding\":\"" + padding + "\",\"client_name\"")));
		refused(loopbackAllowed(), server.url("/large.json"), "larger than 5120 bytes");
	}

	@Test
	void aServerThatDoesNotAnswerInTimeIsGivenUpOn() {
		server.answer("/slow.json", new Answer(200, Map.of(), "{}", Duration.ofSeconds(5)));
		refused(loopbackAllowed(), server.url("/slow.json"), "no answer in time");
	}

	@Test
	void aDocumentThatNamesAnotherClientIdIsRefused() {
		server.answer("/other.json", Answer.json(server.document("/valid.json", "Other", REDIRECT)));
		refused(loopbackAllowed(), server.url("/other.json"), "its client_id is not exactly the URL");
	}

	@Test
	void aDocumentWithASecretOrASecretBasedMethodIsRefused() {
		server.answer("/secret.json", Answer.json(server.document("/secret.json", "Secret", REDIRECT)
			.replace("\"client_name\"", "\"client_secret\":\"s3cret\",\"client_name\"")));
		refused(loopbackAllowed(), server.url("/secret.json"), "holds a client secret");
		server.answer("/post.json", Answer.json(server.document("/post.json", "Post", REDIRECT)
			.replace("\"none\"", "\"client_secret_post\"")));
		refused(loopbackAllowed(), server.url("/post.json"), "token_endpoint_auth_method must be one of [none]");
	}

	@Test
	void aDocumentWithoutANameOrWithAnUnsafeRedirectUriIsRefused() {
		server.answer("/nameless.json", Answer.json(server.document("/nameless.json", "", REDIRECT)));
		refused(loopbackAllowed(), server.url("/nameless.json"), "client_name is required");
		server.answer("/evil.json", Answer.json(server.document("/evil.json", "Evil", "http://evil.example.com/cb")));
		refused(loopbackAllowed(), server.url("/evil.json"), "http redirect URIs are allowed only on loopback");
	}

	@Test
	void aDocumentThatIsNotJsonIsRefused() {
		server.answer("/html.json", new Answer(200, Map.of("Content-Type", "text/html"), "<html></html>", Duration.ZERO));
		refused(loopbackAllowed(), server.url("/html.json"), "is not JSON");
	}

	@Test
	void oneAddressCannotMakeTheGatewayFetchWithoutLimit() {
		ClientMetadataDocuments documents = documents(List.of("127.0.0.0/8"), 2);
		server.answer("/limited.json", Answer.json(server.document("/limited.json", "Limited", REDIRECT))
			.withHeader("Cache-Control", "no-store"));
		documents.client(server.url("/limited.json"), "198.51.100.7").block();
		documents.client(server.url("/limited.json"), "198.51.100.7").block();
		StepVerifier.create(documents.client(server.url("/limited.json"), "198.51.100.7"))
			.expectErrorMessage("too many client documents fetched for this address; try again in a minute")
			.verify();
		assertThat(server.hits("/limited.json")).isEqualTo(2);
		documents.client(server.url("/limited.json"), "198.51.100.8").block();
		assertThat(server.hits("/limited.json")).isEqualTo(3);
	}

	@Test
	void urlsThatBreakTheDraftsRulesAreRefusedBeforeAnyFetch() {
		ClientMetadataDocuments documents = loopbackAllowed();
		refused(documents, "http://localhost:" + server.port() + "/valid.json", "must be https");
		refused(documents, "https://localhost:" + server.port(), "must have a path");
		refused(documents, "https://localhost:" + server.port() + "/", "must have a path");
		refused(documents, "https://localhost:" + server.port() + "/a/../valid.json", "must not have . or ..");
		refused(documents, "https://localhost:" + server.port() + "/valid.json#x", "no user info or fragment");
		refused(documents, "https://user@localhost:" + server.port() + "/valid.json", "no user info or fragment");
		refused(documents, "https://nonexistent.invalid/client.json", "is unknown");
	}

	@Test
	void privateAndSpecialAddressesAreRefusedAndPublicOnesAllowed() throws Exception {
		PublicAddresses publicOnly = new PublicAddresses(List.of());
		for (String refused : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
				"100.64.0.1", "0.0.0.0", "224.0.0.1", "198.18.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1",
				"64:ff9b::a00:1", "2001:db8::1")) {
			assertThat(publicOnly.allows(InetAddress.getByName(refused))).as(refused).isFalse();
		}
		// IPv6 that carries a non-public IPv4 address: IPv4-compatible, IPv4-translated, NAT64, 6to4, and Teredo
		// whose client (inverted bits) is 10.0.0.1.
		for (String refused : List.of("::127.0.0.1", "::10.0.0.5", "::a9fe:a9fe", "::ffff:0:169.254.169.254",
				"64:ff9b::10.0.0.1", "2002:c0a8:101::1", "2001:0:4136:e378:8000:63bf:f5ff:fffe", "::", "::0.0.0.1")) {
			assertThat(publicOnly.allows(InetAddress.getByName(refused))).as(refused).isFalse();
		}
		// The same forms carrying a public address reach the public internet: an IPv6-only pod behind NAT64 needs them.
		for (String allowed : List.of("8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "64:ff9b::8.8.8.8", "2002:808:808::1",
				"2001:0:4136:e378:8000:63bf:f7f7:f7f7")) {
			assertThat(publicOnly.allows(InetAddress.getByName(allowed))).as(allowed).isTrue();
		}
		PublicAddresses internal = new PublicAddresses(List.of("10.1.0.0/16"));
		assertThat(internal.allows(InetAddress.getByName("10.1.2.3"))).isTrue();
		assertThat(internal.allows(InetAddress.getByName("10.2.0.1"))).isFalse();
	}

	@Test
	void cacheLifetimesFollowCacheControlWithinADay() {
		assertThat(ClientMetadataDocuments.cacheFor(null)).isEqualTo(Duration.ofMinutes(5));
		assertThat(ClientMetadataDocuments.cacheFor("max-age=60")).isEqualTo(Duration.ofSeconds(60));
		assertThat(ClientMetadataDocuments.cacheFor("public, max-age=999999")).isEqualTo(Duration.ofHours(24));
		assertThat(ClientMetadataDocuments.cacheFor("no-cache, max-age=60")).isZero();
		assertThat(ClientMetadataDocuments.cacheFor("private, no-store")).isZero();
	}

	@Test
	void aUrlIsADocumentClientIdAndARegisteredIdIsNot() {
		assertThat(ClientMetadataDocuments.isDocumentUrl("https://app.example.com/client.json")).isTrue();
		assertThat(ClientMetadataDocuments.isDocumentUrl("mcp-abc")).isFalse();
		assertThatThrownBy(() -> ClientMetadataDocuments.checkedUrl("https://exa mple.com/x"))
			.isInstanceOf(DocumentException.class);
	}

}
