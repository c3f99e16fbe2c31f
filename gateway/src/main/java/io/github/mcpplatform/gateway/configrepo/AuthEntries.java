package io.github.mcpplatform.gateway.configrepo;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import io.github.mcpplatform.gateway.configrepo.BackendEntries.Entry;

/**
 * Checks the {@code auth} field of a backend entry:
 *
 * <pre>
 * auth: {type: gateway-jwt}                                  # the default
 * auth: {type: none}
 * auth: {type: header, name: X-Api-Key, value: ${SEARCH_API_KEY}}
 * auth: {type: client-credentials, token-url: https://idp/oauth/token, client-id: search-gw,
 *        client-secret: ${SEARCH_CLIENT_SECRET}, scope: search.read, audience: https://search}
 * auth: {type: token-exchange, audience: hr-api, resource: https://hr.example.com/mcp, scope: hr.read,
 *        token-url: https://idp/oauth/token, client-id: hr-exchanger, client-secret: ${HR_EXCHANGE_SECRET},
 *        requested-token-type: urn:ietf:params:oauth:token-type:access_token,
 *        subject-token-type: urn:ietf:params:oauth:token-type:access_token}
 * </pre>
 *
 * Secret fields must be exactly one {@code ${NAME}} reference: a secret written into the repository would be
 * read by everyone who can read the repository, and would stay in its history.
 */
final class AuthEntries {

	private static final Map<String, Set<String>> FIELDS = Map.of("gateway-jwt", Set.of("type"), "none", Set.of("type"),
			"header", Set.of("type", "name", "value"), "client-credentials",
			Set.of("type", "token-url", "client-id", "client-secret", "scope", "audience"), "token-exchange",
			Set.of("type", "token-url", "client-id", "client-secret", "scope", "audience", "resource",
					"requested-token-type", "subject-token-type"));

	private static final String TYPES = "gateway-jwt, header, client-credentials, token-exchange or none";

	/** The token types an exchange may ask for and label the user's token with: both are bearer access tokens. */
	private static final Set<String> TOKEN_TYPES = Set.of(BackendAuth.TokenExchange.ACCESS_TOKEN,
			BackendAuth.TokenExchange.JWT);

	private static final Set<String> SECRET_FIELDS = Set.of("value", "client-secret");

	private static final Pattern ONE_REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");

	/** An HTTP header name (RFC 9110 token characters). */
	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

	/** Headers the gateway sets itself, or that would change how the request is read. */
	private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-type", "content-length", "accept",
			"transfer-encoding", "connection", "mcp-session-id", "mcp-protocol-version", "mcp-method", "mcp-name", "cookie");

	private final BackendEntries entries;

	AuthEntries(BackendEntries entries) {
		this.entries = entries;
	}

	/** The credentials the node declares; null, with the problems said, when it is not valid. */
	@Nullable BackendAuth validate(Entry entry, Node node, List<ConfigProblem> problems) {
		String path = BackendEntries.path(entry, "auth");
		if (!(node instanceof MappingNode mapping)) {
			problems.add(problem(entry, node, path, "must be a mapping with a type, e.g. auth: {type: none}"));
			return null;
		}
		Map<String, ScalarNode> fields = new LinkedHashMap<>();
		int before = problems.size();
		for (NodeTuple tuple : mapping.getValue()) {
			String key = ((ScalarNode) tuple.getKeyNode()).getValue();
			if (fields.containsKey(key)) {
				problems.add(problem(entry, tuple.getKeyNode(), path + "." + key, "appears more than once"));
			}
			else if (!(tuple.getValueNode() instanceof ScalarNode scalar)) {
				problems.add(problem(entry, tuple.getValueNode(), path + "." + key, "must be a single value"));
			}
			else {
				fields.put(key, scalar);
			}
		}
		ScalarNode typeNode = fields.get("type");
		if (typeNode == null) {
			problems.add(problem(entry, node, path + ".type", "is required: " + TYPES));
			return null;
		}
		String type = typeNode.getValue();
		Set<String> allowed = FIELDS.get(type);
		if (allowed == null) {
			problems.add(problem(entry, typeNode, path + ".type", "'" + type + "' is not a credential type: use "
					+ TYPES));
			return null;
		}
		for (Map.Entry<String, ScalarNode> field : fields.entrySet()) {
			if (!allowed.contains(field.getKey())) {
				problems.add(problem(entry, field.getValue(), path + "." + field.getKey(), "is not a field of type " + type
						+ " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
			}
			else if (SECRET_FIELDS.contains(field.getKey()) && !ONE_REFERENCE.matcher(field.getValue().getValue()).matches()) {
				problems.add(problem(entry, field.getValue(), path + "." + field.getKey(), "must be an environment "
						+ "reference such as ${SEARCH_API_KEY}: secrets never live in the config repo"));
			}
		}
		if (problems.size() > before) {
			return null;
		}
		return switch (type) {
			case "none" -> new BackendAuth.None();
			case "header" -> header(entry, fields, path, problems);
			case "client-credentials" -> clientCredentials(entry, fields, path, problems);
			case "token-exchange" -> tokenExchange(entry, fields, path, problems);
			default -> BackendAuth.GATEWAY_JWT;
		};
	}

	private BackendAuth.@Nullable StaticHeader header(Entry entry, Map<String, ScalarNode> fields, String path,
			List<ConfigProblem> problems) {
		ScalarNode nameNode = fields.get("name");
		if (nameNode != null && !BackendEntries.isText(nameNode)) {
			problems.add(BackendEntries.notText(entry, nameNode, path + ".name"));
			return null;
		}
		String name = nameNode != null ? nameNode.getValue() : "Authorization";
		if (!HEADER_NAME.matcher(name).matches() || RESERVED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
			problems.add(problem(entry, fields.get("name"), path + ".name", "'" + name + "' is not a header the gateway "
					+ "can send for credentials: use e.g. Authorization or X-Api-Key"));
			return null;
		}
		String value = required(entry, fields, "value", path, problems);
		if (value == null) {
			return null;
		}
		if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
			// Said without the value: it is a secret.
			problems.add(problem(entry, fields.get("value"), path + ".value", "the variable it references is empty or "
					+ "holds a line break or control character"));
			return null;
		}
		return new BackendAuth.StaticHeader(name, value);
	}

	private BackendAuth.@Nullable ClientCredentials clientCredentials(Entry entry, Map<String, ScalarNode> fields,
			String path, List<ConfigProblem> problems) {
		String tokenUrl = required(entry, fields, "token-url", path, problems);
		String clientId = required(entry, fields, "client-id", path, problems);
		String secret = required(entry, fields, "client-secret", path, problems);
		String scope = optional(entry, fields, "scope", path, problems);
		String audience = optional(entry, fields, "audience", path, problems);
		URI uri = tokenUrl == null ? null : tokenUrl(entry, fields.get("token-url"), tokenUrl, path, problems);
		if (clientId != null && clientId.isEmpty()) {
			problems.add(problem(entry, fields.get("client-id"), path + ".client-id", "is empty: give the client id "
					+ "the authorization server issued to the gateway"));
			return null;
		}
		if (uri == null || clientId == null || secret == null) {
			return null;
		}
		return new BackendAuth.ClientCredentials(uri, clientId, secret, scope, audience);
	}

	private BackendAuth.@Nullable TokenExchange tokenExchange(Entry entry, Map<String, ScalarNode> fields, String path,
			List<ConfigProblem> problems) {
		int before = problems.size();
		String tokenUrl = optional(entry, fields, "token-url", path, problems);
		URI uri = tokenUrl == null ? null : tokenUrl(entry, fields.get("token-url"), tokenUrl, path, problems);
		String clientId = optional(entry, fields, "client-id", path, problems);
		String secret = optional(entry, fields, "client-secret", path, problems);
		String audience = optional(entry, fields, "audience", path, problems);
		String resource = optional(entry, fields, "resource", path, problems);
		String scope = optional(entry, fields, "scope", path, problems);
		String requested = tokenType(entry, fields, "requested-token-type", path, problems);
		String subject = tokenType(entry, fields, "subject-token-type", path, problems);
		if (fields.containsKey("client-id") != fields.containsKey("client-secret")) {
			String missing = fields.containsKey("client-id") ? "client-secret" : "client-id";
			problems.add(problem(entry, fields.get("type"), path + "." + missing, "is required with "
					+ (missing.equals("client-id") ? "client-secret" : "client-id") + ": give both for the client that "
					+ "exchanges, or neither for the gateway's own upstream client"));
		}
		else if (clientId != null && clientId.isEmpty()) {
			problems.add(problem(entry, fields.get("client-id"), path + ".client-id", "is empty: give the client id the "
					+ "identity provider issued to the exchanging client"));
		}
		if (!fields.containsKey("audience") && !fields.containsKey("resource")) {
			problems.add(problem(entry, fields.get("type"), path + ".audience", "is required for type token-exchange (or "
					+ "resource, or both): the exchanged token is for this backend"));
		}
		if (resource != null && !isResourceUri(resource)) {
			problems.add(problem(entry, fields.get("resource"), path + ".resource", "'" + fields.get("resource").getValue() + "' must be an "
					+ "absolute URI without a fragment (RFC 8707), e.g. https://hr.example.com/mcp"));
		}
		if (problems.size() > before || (tokenUrl != null && uri == null)) {
			return null;
		}
		return new BackendAuth.TokenExchange(uri, clientId, secret, audience, resource, scope, requested, subject);
	}

	private String tokenType(Entry entry, Map<String, ScalarNode> fields, String field, String path,
			List<ConfigProblem> problems) {
		String type = optional(entry, fields, field, path, problems);
		if (type == null) {
			return BackendAuth.TokenExchange.ACCESS_TOKEN;
		}
		if (!TOKEN_TYPES.contains(type)) {
			problems.add(problem(entry, fields.get(field), path + "." + field, "'" + fields.get(field).getValue() + "' is not a token type the "
					+ "gateway can use: " + BackendAuth.TokenExchange.ACCESS_TOKEN + " (the default) or "
					+ BackendAuth.TokenExchange.JWT));
		}
		return type;
	}

	private static boolean isResourceUri(String text) {
		try {
			URI uri = new URI(text);
			return uri.isAbsolute() && uri.getRawFragment() == null && uri.getRawAuthority() != null;
		}
		catch (URISyntaxException e) {
			return false;
		}
	}

	private static @Nullable URI tokenUrl(Entry entry, ScalarNode node, String text, String path,
			List<ConfigProblem> problems) {
		try {
			URI uri = new URI(text);
			boolean loopback = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost())
					|| "[::1]".equals(uri.getHost());
			if (uri.getHost() == null || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
				problems.add(problem(entry, node, path + ".token-url", "'" + node.getValue() + "' must be an https URL "
						+ "(http only on loopback): the client secret travels to it"));
				return null;
			}
			return uri;
		}
		catch (URISyntaxException e) {
			problems.add(problem(entry, node, path + ".token-url", "'" + node.getValue() + "' is not a URL: " + e.getReason()));
			return null;
		}
	}

	private @Nullable String required(Entry entry, Map<String, ScalarNode> fields, String field, String path,
			List<ConfigProblem> problems) {
		if (!fields.containsKey(field)) {
			problems.add(problem(entry, fields.get("type"), path + "." + field, "is required for type "
					+ fields.get("type").getValue()));
			return null;
		}
		return optional(entry, fields, field, path, problems);
	}

	private @Nullable String optional(Entry entry, Map<String, ScalarNode> fields, String field, String path,
			List<ConfigProblem> problems) {
		ScalarNode node = fields.get(field);
		return node == null ? null : this.entries.resolved(entry, node, path + "." + field, problems);
	}

	private static ConfigProblem problem(Entry entry, Node node, String path, String message) {
		return new ConfigProblem(entry.file(), ConfigRepoLoader.line(node), path, message);
	}

}
