package io.github.mcpplatform.cnpg.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.mcpplatform.cnpg.kube.Impersonation;
import io.github.mcpplatform.cnpg.kube.KubernetesMode;
import io.github.mcpplatform.cnpg.kube.KubernetesProperties;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import reactor.core.publisher.Mono;

/** Tool calls made for a person, as they arrive with a gateway token, and what Kubernetes then sees. */
final class Persons {

	/** The claims of a gateway token for Alice, who is in two groups. */
	static final Map<String, Object> ALICE = Map.of("sub", "auth0|42", "user_id", "alice-3f9a1c2b7d4e", "email",
			"alice@example.com", "groups", List.of("db-team", "dev"));

	private Persons() {
	}

	/** {@code cnpg.kubernetes.impersonate=true} with these claim and prefix settings. */
	static Impersonation impersonating(String userClaim, String userPrefix, String groupPrefix) {
		return Impersonation.of(new KubernetesProperties(KubernetesMode.SANDBOX, false, null, null, Duration.ofSeconds(5),
				4, false, true, userClaim, userPrefix, groupPrefix));
	}

	/** The call as Spring Security runs it for a request that came with a gateway token of these claims. */
	static Mono<CallToolResult> as(Map<String, Object> claims, Mono<CallToolResult> call) {
		Jwt jwt = Jwt.withTokenValue("token")
			.header("alg", "ES256")
			.claims(c -> c.putAll(claims))
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(300))
			.build();
		return call.contextWrite(ReactiveSecurityContextHolder.withAuthentication(new JwtAuthenticationToken(jwt)));
	}

	/** Each request names Alice by e-mail and her two groups with the prefix {@code oidc:}, and no one else. */
	static void assertEachActsAsAlice(List<RecordedRequest> requests) {
		assertThat(requests).isNotEmpty().allSatisfy(request -> {
			assertThat(request.getHeaders().headers("Impersonate-User")).as(request.getMethod() + " " + request.getPath())
				.containsExactly("alice@example.com");
			assertThat(request.getHeaders().headers("Impersonate-Group")).as(request.getMethod() + " " + request.getPath())
				.containsExactly("oidc:db-team", "oidc:dev");
		});
	}

}
