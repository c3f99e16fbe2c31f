package io.github.mcpplatform.cnpg.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import io.github.mcpplatform.cnpg.CnpgBackendApplication;
import io.github.mcpplatform.cnpg.kube.Impersonation;
import io.github.mcpplatform.cnpg.kube.KubernetesProperties;

/** Impersonation needs a caller the backend can trust; without one the backend refuses to start and says why. */
@ExtendWith(OutputCaptureExtension.class)
class ImpersonationStartupTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class, ImpersonationConfiguration.class);

	@Test
	void impersonatingWithoutGatewayTokensRefusesToStartNamingTheSettingToSet(CapturedOutput output) {
		SpringApplicationBuilder app = new SpringApplicationBuilder(CnpgBackendApplication.class);

		assertThatThrownBy(() -> app.run("--cnpg.kubernetes.mode=sandbox", "--server.port=0",
				"--cnpg.kubernetes.impersonate=true", "--logging.level.root=OFF",
				"--logging.level.org.springframework.boot.diagnostics=ERROR", "--logging.structured.format.console="))
			.rootCause()
			.hasMessageContaining("cnpg.kubernetes.impersonate=true requires cnpg.auth.mode=gateway");
		// One paragraph that says what to do, not a bean-creation stack trace.
		assertThat(output).contains("APPLICATION FAILED TO START").contains("Action:")
			.contains("docs/kubernetes.md, section Acting as the person");
	}

	@Test
	void impersonatingOverStdioRefusesToStartSayingNoTokenComes() {
		this.context
			.withPropertyValues("cnpg.kubernetes.impersonate=true", "cnpg.auth.mode=gateway",
					"cnpg.auth.jwks-uri=http://127.0.0.1:1/jwks.json", "cnpg.auth.audience=cnpg",
					"spring.ai.mcp.server.stdio=true")
			.run(started -> assertThat(started).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("cannot be used with --transport stdio"));
	}

	@Test
	void impersonatingBehindTheGatewayOverHttpStarts() {
		this.context
			.withPropertyValues("cnpg.kubernetes.impersonate=true", "cnpg.auth.mode=gateway",
					"cnpg.auth.jwks-uri=http://127.0.0.1:1/jwks.json", "cnpg.auth.audience=cnpg")
			.run(started -> assertThat(started.getBean(Impersonation.class).enabled()).isTrue());
	}

	@Test
	void aUserClaimThatIsNoClaimNameIsRefusedAtStartup() {
		this.context.withPropertyValues("cnpg.kubernetes.impersonate-user-claim=e mail")
			.run(started -> assertThat(started).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("impersonateUserClaim"));
	}

	@Test
	void offByDefaultWithoutAnyAuthentication() {
		this.context.run(started -> assertThat(started.getBean(Impersonation.class).enabled()).isFalse());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ KubernetesProperties.class, AuthProperties.class })
	static class Settings {

	}

}
