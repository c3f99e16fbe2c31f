package io.github.mcpplatform.cnpg.kube;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param impersonate run every Kubernetes call of a tool call as the person the gateway's token names
 *     ({@code Impersonate-User} and {@code Impersonate-Group} headers), so that Kubernetes RBAC decides per
 *     person and the backend's own identity needs only {@code impersonate}; requires {@code cnpg.auth.mode=gateway}
 *     and the HTTP transport, checked at startup
 * @param impersonateUserClaim the claim of the gateway's token that is the Kubernetes user name: {@code email} by
 *     default (the gateway sends it only when the identity provider verified it), as API servers set up with
 *     {@code --oidc-username-claim=email} name people; {@code sub} or {@code user_id} otherwise
 * @param impersonateUserPrefix put before the user name, as {@code --oidc-username-prefix} does, so that the
 *     names match those of people who reach the API server with their own OIDC token
 * @param impersonateGroupPrefix put before every group of the token's {@code groups} claim, as
 *     {@code --oidc-groups-prefix} does
 */
@Validated
@ConfigurationProperties(KubernetesProperties.PREFIX)
public record KubernetesProperties(@NotNull @DefaultValue("auto") KubernetesMode mode,
		@DefaultValue("false") boolean fallbackToSandbox, @Nullable String context,
		@Nullable @Pattern(regexp = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?",
				message = "must be a Kubernetes namespace name (RFC 1123 label)") String namespace,
		@NotNull @DefaultValue("10s") Duration requestTimeout,
		@Min(1) @Max(256) @DefaultValue("16") int maxConcurrentCalls, @DefaultValue("false") boolean verifyAtStartup,
		@DefaultValue("false") boolean impersonate,
		@NotNull @Pattern(regexp = "[A-Za-z0-9_.:-]{1,64}",
				message = "must be a JWT claim name (letters, digits, '_', '.', ':' or '-')")
		@DefaultValue("email") String impersonateUserClaim,
		@NotNull @Pattern(regexp = PRINTABLE_PREFIX, message = PRINTABLE_PREFIX_MESSAGE)
		@DefaultValue("") String impersonateUserPrefix,
		@NotNull @Pattern(regexp = PRINTABLE_PREFIX, message = PRINTABLE_PREFIX_MESSAGE)
		@DefaultValue("") String impersonateGroupPrefix) {

	public static final String PREFIX = "cnpg.kubernetes";

	/** A prefix goes into an HTTP header: printable ASCII, no spaces, short. */
	static final String PRINTABLE_PREFIX = "[!-~]{0,64}";

	static final String PRINTABLE_PREFIX_MESSAGE = "must be at most 64 printable ASCII characters without spaces";

	@ConstructorBinding
	public KubernetesProperties {
		if (requestTimeout != null && (requestTimeout.isNegative() || requestTimeout.isZero())) {
			throw new IllegalArgumentException(PREFIX + ".request-timeout must be positive, was " + requestTimeout);
		}
	}

	/** Settings without impersonation: every call runs as the backend's own Kubernetes identity. */
	public KubernetesProperties(KubernetesMode mode, boolean fallbackToSandbox, @Nullable String context,
			@Nullable String namespace, Duration requestTimeout, int maxConcurrentCalls, boolean verifyAtStartup) {
		this(mode, fallbackToSandbox, context, namespace, requestTimeout, maxConcurrentCalls, verifyAtStartup, false,
				"email", "", "");
	}

}
