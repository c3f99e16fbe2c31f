package io.github.mcpplatform.gateway.configrepo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.gateway.TestCertificates;

/**
 * The config repo over HTTPS with an access token, against Git's own smart HTTP server behind a certificate
 * from the company's CA ({@link TestHttpsGitServer}): the token and the CA file work; a wrong token or an
 * untrusted certificate is refused, and the token never shows in the status.
 */
class ConfigRepoHttpsTests extends RemoteConfigRepoFixture {

	static final String TOKEN = "glpat-test-token-0123456789";

	private TestCertificates certificates;

	private TestHttpsGitServer server;

	@BeforeEach
	void start() throws Exception {
		this.certificates = TestCertificates.forLocalhost();
		this.server = new TestHttpsGitServer(this.repo.bare().getParent(), TOKEN, this.certificates);
	}

	@AfterEach
	void stop() throws Exception {
		this.server.close();
	}

	@Test
	void aCommitIsFetchedOverHttpsWithTheTokenTrustingTheCompanysCa() throws Exception {
		String sha = commit();

		ConfigRepoStatus status = pull(TOKEN, this.certificates.writeCa(this.temp.resolve("ca.pem")), s -> s.live() != null);

		assertThat(status.live().version()).isEqualTo(sha);
		assertThat(status.inSync()).isTrue();
		String next = this.repo.commit("second", Map.of("backends.yaml", "backends:\n  - name: db2\n    url: http://127.0.0.1:9/mcp\n"));
		sync().requestPull("test");
		assertThat(sync().statuses().filter(s -> s.live() != null && s.live().version().equals(next))
			.blockFirst(Duration.ofSeconds(20))).isNotNull();
	}

	@Test
	void aWrongTokenIsRefusedAndNeverShown() throws Exception {
		commit();

		ConfigRepoStatus status = pull("wrong-token-abcdef", this.certificates.writeCa(this.temp.resolve("ca.pem")),
				s -> s.lastError() != null);

		assertThat(status.live()).isNull();
		assertThat(status.lastError()).containsIgnoringCase("not authorized").doesNotContain("wrong-token-abcdef");
	}

	@Test
	void aServerWhoseCertificateIsFromAnUnknownCaIsRefused() throws Exception {
		commit();

		ConfigRepoStatus status = pull(TOKEN, null, s -> s.lastError() != null);

		assertThat(status.live()).isNull();
		assertThat(status.lastError()).containsIgnoringCase("certificat").doesNotContain(TOKEN);
	}

	private ConfigRepoStatus pull(String token, @Nullable Path trustedCertificates, Predicate<ConfigRepoStatus> until) {
		return pull(new ConfigRepoSettings(this.server.url("config.git"), "main", "", Duration.ofHours(1),
				Duration.ofSeconds(10), null, TestHttpsGitServer.USER, token, null, null, null, trustedCertificates), until);
	}

}
