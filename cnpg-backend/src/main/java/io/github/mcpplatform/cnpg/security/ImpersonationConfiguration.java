package io.github.mcpplatform.cnpg.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.github.mcpplatform.cnpg.kube.Impersonation;
import io.github.mcpplatform.cnpg.kube.KubernetesProperties;

/**
 * Whether tool calls act in Kubernetes as their caller. Impersonating needs a caller the backend can trust:
 * the gateway's signed token. Without it ({@code cnpg.auth.mode=none}, where anyone who reaches the port could
 * name any user, or stdio, where no token comes at all) the backend refuses to start rather than act as nobody
 * or as whoever a request claims to be.
 */
@Configuration(proxyBeanMethods = false)
class ImpersonationConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ImpersonationConfiguration.class);

	@Bean
	Impersonation impersonation(KubernetesProperties kubernetes, AuthProperties auth, Environment environment) {
		if (kubernetes.impersonate()) {
			if (environment.getProperty("spring.ai.mcp.server.stdio", Boolean.class, false)) {
				throw new UntrustedCallerException("cnpg.kubernetes.impersonate=true cannot be used with --transport stdio: "
						+ "over stdio no token names the caller. Run stdio without impersonation (calls then use your "
						+ "kubeconfig's identity), or serve HTTP behind the gateway with cnpg.auth.mode=gateway.");
			}
			if (auth.mode() != AuthProperties.Mode.GATEWAY) {
				throw new UntrustedCallerException("cnpg.kubernetes.impersonate=true requires cnpg.auth.mode=gateway: only "
						+ "the gateway's signed token can say who the caller is. Set cnpg.auth.mode=gateway (with "
						+ "cnpg.auth.jwks-uri and cnpg.auth.audience), or turn impersonation off.");
			}
			log.info("Kubernetes calls of tool calls act as their caller: user from the token's '{}' claim{}, groups "
					+ "from 'groups'{}", kubernetes.impersonateUserClaim(), prefixed(kubernetes.impersonateUserPrefix()),
					prefixed(kubernetes.impersonateGroupPrefix()));
		}
		return Impersonation.of(kubernetes);
	}

	private static String prefixed(String prefix) {
		return prefix.isEmpty() ? "" : " prefixed '" + prefix + "'";
	}

	/** Impersonation was asked for where no caller can be trusted; the message says what to change. */
	static final class UntrustedCallerException extends RuntimeException {

		UntrustedCallerException(String message) {
			super(message);
		}

	}

}
