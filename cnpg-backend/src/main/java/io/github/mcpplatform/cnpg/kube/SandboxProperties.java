package io.github.mcpplatform.cnpg.kube;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the sandbox only ({@code cnpg.kubernetes.mode=sandbox}); the backend refuses to start with any of
 * them in another mode.
 *
 * @param postgresPort a PostgreSQL on this loopback port ({@code 127.0.0.1}) answers for every Service of the
 *     sandbox's clusters, so that the {@code sql} toolset can be tried and measured against a real server
 *     (the sandbox runs no instances of its own). Only a port: the address is always loopback, so the setting
 *     cannot send queries to another machine
 */
@Validated
@ConfigurationProperties(SandboxProperties.PREFIX)
public record SandboxProperties(@Nullable @Min(1) @Max(65_535) Integer postgresPort) {

	public static final String PREFIX = "cnpg.sandbox";

}
