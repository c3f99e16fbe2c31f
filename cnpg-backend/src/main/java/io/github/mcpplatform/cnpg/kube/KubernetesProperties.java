package io.github.mcpplatform.cnpg.kube;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the backend connects to Kubernetes.
 *
 * @param mode which API server to use; {@code auto} tries in-cluster, then kubeconfig
 * @param fallbackToSandbox when {@code auto} finds no cluster, start the sandbox instead of failing
 *     (used by the local run command; never set it in a real deployment)
 * @param context kubeconfig context to use instead of the current one
 * @param namespace namespace used when a tool call names none; defaults to the service account's
 *     namespace in-cluster, the context's namespace with a kubeconfig, else {@code default}
 * @param requestTimeout upper bound for one Kubernetes API call
 * @param maxConcurrentCalls threads that may block on the Kubernetes API at once
 * @param verifyAtStartup with a kubeconfig, ask the API server for its version before serving and stop with
 *     the reason when it does not answer (the local run command sets it: a laptop's stopped cluster should
 *     be reported at once, not as a backend that never becomes ready)
 */
@Validated
@ConfigurationProperties(KubernetesProperties.PREFIX)
public record KubernetesProperties(@NotNull @DefaultValue("auto") KubernetesMode mode,
		@DefaultValue("false") boolean fallbackToSandbox, @Nullable String context,
		@Nullable @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?",
				message = "must be a Kubernetes namespace name (RFC 1123 label)") String namespace,
		@NotNull @DefaultValue("10s") Duration requestTimeout,
		@Min(1) @Max(256) @DefaultValue("16") int maxConcurrentCalls, @DefaultValue("false") boolean verifyAtStartup) {

	public static final String PREFIX = "cnpg.kubernetes";

	public KubernetesProperties {
		if (requestTimeout != null && (requestTimeout.isNegative() || requestTimeout.isZero())) {
			throw new IllegalArgumentException(PREFIX + ".request-timeout must be positive, was " + requestTimeout);
		}
	}

}
