package io.github.mcpplatform.cnpg.tools;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param readOnly serve only the tools that change nothing (their {@code readOnlyHint} is true)
 * @param toolsets the groups of tools to serve; all of them but {@code sql} by default
 */
@Validated
@ConfigurationProperties(ToolsProperties.PREFIX)
public record ToolsProperties(@NotNull @DefaultValue("5s") Duration waitPollInterval,
		@DefaultValue("false") boolean allowPrivilegedRoles,
		@NotNull @Pattern(regexp = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*",
				message = "must be a Kubernetes object name (RFC 1123 subdomain)") @DefaultValue(DEFAULT_IMAGE_CATALOG) String imageCatalog,
		@DefaultValue("false") boolean readOnly,
		@NotNull @DefaultValue({ "clusters", "roles", "databases", "backups", "poolers", "operations",
				"diagnostics" }) Set<Toolset> toolsets) {

	/** CNPG's official catalog of its standard images on Debian trixie (cloudnative-pg/artifacts). */
	public static final String DEFAULT_IMAGE_CATALOG = "postgresql-standard-trixie";

	public static final String PREFIX = "cnpg.tools";

	@ConstructorBinding
	public ToolsProperties {
		if (waitPollInterval != null && (waitPollInterval.isNegative() || waitPollInterval.isZero())) {
			throw new IllegalArgumentException(PREFIX + ".wait-poll-interval must be positive, was " + waitPollInterval);
		}
		if (toolsets != null && toolsets.isEmpty()) {
			throw new IllegalArgumentException(PREFIX + ".toolsets is empty, so the server would offer no tool: list at "
					+ "least one of " + Arrays.stream(Toolset.values())
						.map(t -> t.name().toLowerCase(Locale.ROOT))
						.collect(Collectors.joining(", "))
					+ " (or leave the setting out for the defaults)");
		}
		toolsets = toolsets == null ? null : Set.copyOf(toolsets);
	}

	/** Every toolset, {@code sql} too, read and write. */
	public ToolsProperties(Duration waitPollInterval, boolean allowPrivilegedRoles, String imageCatalog) {
		this(waitPollInterval, allowPrivilegedRoles, imageCatalog, false, EnumSet.allOf(Toolset.class));
	}

}
