package io.github.mcpplatform.cnpg.tools;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tool behaviour.
 *
 * @param waitPollInterval how often {@code create_postgres_cluster} with {@code wait=true} checks the
 *     cluster's status
 * @param allowPrivilegedRoles whether the role tools may set {@code superuser} or {@code replication}
 *     (off: a model that may write role definitions would otherwise hold superuser access to every
 *     cluster it reaches)
 * @param imageCatalog the {@code ClusterImageCatalog} new clusters take their image from, by major
 *     version; CNPG's official {@code postgresql-standard-trixie} by default, which must be installed
 */
@Validated
@ConfigurationProperties(ToolsProperties.PREFIX)
public record ToolsProperties(@NotNull @DefaultValue("5s") Duration waitPollInterval,
		@DefaultValue("false") boolean allowPrivilegedRoles,
		@NotNull @Pattern(regexp = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*",
				message = "must be a Kubernetes object name (RFC 1123 subdomain)") @DefaultValue(DEFAULT_IMAGE_CATALOG) String imageCatalog) {

	/** CNPG's official catalog of its standard images on Debian trixie (cloudnative-pg/artifacts). */
	public static final String DEFAULT_IMAGE_CATALOG = "postgresql-standard-trixie";

	public static final String PREFIX = "cnpg.tools";

	public ToolsProperties {
		if (waitPollInterval != null && (waitPollInterval.isNegative() || waitPollInterval.isZero())) {
			throw new IllegalArgumentException(PREFIX + ".wait-poll-interval must be positive, was " + waitPollInterval);
		}
	}

}
