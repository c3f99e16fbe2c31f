package io.github.mcpplatform.gateway.protocol;

import java.util.List;

/**
 * The MCP protocol versions the gateway speaks, and the {@code _meta} keys with which stateless requests carry
 * what a session used to: the version, the client's capabilities and name.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle#version-negotiation">MCP
 *     version negotiation</a>
 * @see <a href="https://modelcontextprotocol.io/specification/2026-07-28/changelog">MCP 2026-07-28 changes</a>
 */
public final class ProtocolVersions {

	/** The session era ({@code initialize}, {@code Mcp-Session-Id}), newest first: the first is offered by default. */
	public static final List<String> SESSION_ERA = List.of("2025-11-25", "2025-06-18", "2025-03-26");

	/** The stateless era's version: no session, every request carries its envelope. */
	public static final String STATELESS = "2026-07-28";

	/** The stateless era's versions. */
	public static final List<String> STATELESS_ERA = List.of(STATELESS);

	/** The session-era version the gateway speaks to a session backend on behalf of a stateless client. */
	public static final String NEWEST_SESSION = SESSION_ERA.get(0);

	/** {@code _meta} key: the version a stateless request speaks. */
	public static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";

	/** {@code _meta} key: the capabilities of a stateless client. */
	public static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";

	/** {@code _meta} key: the name and version of a stateless client. */
	public static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";

	/** {@code _meta} key: the server's name and version on a stateless answer. */
	public static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";

	/** {@code _meta} key: the subscription a {@code subscriptions/listen} notification belongs to. */
	public static final String META_SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

	private ProtocolVersions() {
	}

	/** Whether {@code version} is one the gateway speaks, in either era. */
	public static boolean isKnown(String version) {
		return SESSION_ERA.contains(version) || STATELESS_ERA.contains(version);
	}

}
