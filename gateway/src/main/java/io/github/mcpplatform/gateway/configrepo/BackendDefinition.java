package io.github.mcpplatform.gateway.configrepo;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.policy.BackendAccess;

/**
 * One backend MCP server, as the config repo declares it (environment references already resolved).
 *
 * @param name unique RFC 1123 label
 * @param url the backend's streamable HTTP MCP endpoint
 * @param prefix what the gateway puts before the backend's tool names ({@code <prefix>_<tool>}); unique
 * @param enabled a disabled backend stays declared but is not connected
 * @param timeout how long the gateway waits for the backend's answer to a request to start
 * @param longCalls how long a call may run once its answer has started
 * @param access who may see and use it
 * @param auth how the gateway proves itself to the backend
 * @param transport how the gateway reaches the backend (streamable HTTP unless the entry says otherwise)
 * @param source where it was declared, e.g. {@code backends.yaml:4}, for messages
 */
public record BackendDefinition(String name, URI url, String prefix, boolean enabled, Duration timeout,
		LongCalls longCalls, @Nullable String description, BackendAccess access, BackendAuth auth,
		BackendTransport transport, String source) {

	/** A streamable-HTTP backend whose calls may run as long as {@link LongCalls#DEFAULT} allows. */
	public BackendDefinition(String name, URI url, String prefix, boolean enabled, Duration timeout,
			@Nullable String description, BackendAccess access, BackendAuth auth, String source) {
		this(name, url, prefix, enabled, timeout, LongCalls.DEFAULT, description, access, auth,
				BackendTransport.STREAMABLE_HTTP, source);
	}

	/** A backend every signed-in user may use, reached with the gateway's JWT. */
	public BackendDefinition(String name, URI url, String prefix, boolean enabled, Duration timeout,
			@Nullable String description, String source) {
		this(name, url, prefix, enabled, timeout, description, BackendAccess.EVERYONE, BackendAuth.GATEWAY_JWT, source);
	}

	/** A backend reached with the gateway's JWT. */
	public BackendDefinition(String name, URI url, String prefix, boolean enabled, Duration timeout,
			@Nullable String description, BackendAccess access, String source) {
		this(name, url, prefix, enabled, timeout, description, access, BackendAuth.GATEWAY_JWT, source);
	}

}
