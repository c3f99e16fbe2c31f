package io.github.mcpplatform.gateway.configrepo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How the gateway reaches one backend, as the config repo declares it ({@code transport:}). Streamable HTTP is
 * the default and covers both protocol eras and servers with or without sessions; the other kinds exist for the
 * servers the ecosystem already runs.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports">MCP transports</a>
 */
public sealed interface BackendTransport {

	/** The default: MCP's streamable HTTP at the backend's {@code url}. */
	BackendTransport STREAMABLE_HTTP = new StreamableHttp();

	/** The legacy HTTP+SSE transport (MCP 2024-11-05): {@code url} is the server's SSE endpoint. */
	BackendTransport SSE = new Sse();

	/** The word the config repo uses for this kind. */
	String configName();

	/** Streamable HTTP (MCP 2025-03-26 and later): one endpoint, POST per message, optional sessions. */
	record StreamableHttp() implements BackendTransport {

		@Override
		public String configName() {
			return "streamable-http";
		}

	}

	/**
	 * HTTP with SSE (MCP 2024-11-05): a {@code GET} on {@code url} opens an event stream whose first event names
	 * the endpoint to which the client then {@code POST}s its messages; every answer comes back on the stream.
	 *
	 * @see <a href="https://modelcontextprotocol.io/specification/2024-11-05/basic/transports#http-with-sse">MCP
	 *     2024-11-05: HTTP with SSE</a>
	 */
	record Sse() implements BackendTransport {

		@Override
		public String configName() {
			return "sse";
		}

	}

	/**
	 * A local process the gateway starts and speaks to over its stdin and stdout, one JSON-RPC message per line
	 * (MCP's stdio transport). No shell: {@code command} is run with {@code args} exactly as written.
	 *
	 * @param command the program, a path or a name looked up on the gateway's {@code PATH}
	 * @param args its arguments
	 * @param env the variables the process gets besides the few the gateway passes on (its own environment is
	 *     not inherited)
	 * @param sharing one process for everyone, or one per user
	 * @param maxProcesses with {@link Sharing#PER_USER}: at most this many users' processes at once
	 * @param idleTimeout with {@link Sharing#PER_USER}: a user's process unused this long is stopped
	 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio">MCP: stdio</a>
	 */
	record Stdio(String command, List<String> args, Map<String, EnvValue> env, Sharing sharing, int maxProcesses,
			Duration idleTimeout) implements BackendTransport {

		public Stdio {
			args = List.copyOf(args);
			env = Map.copyOf(env);
		}

		@Override
		public String configName() {
			return "stdio";
		}

	}

	/**
	 * A REST API the gateway offers as tools, converted from its OpenAPI document; {@code url} is the API's base
	 * URL, the only origin the gateway ever sends its requests to. Read-only unless the entry says otherwise.
	 *
	 * @param spec where the document is: an http(s) URL, or a file of the config repo under {@code openapi/}
	 * @param documents the config repo's {@code openapi/} files by path (for a {@code spec} in the repo and the
	 *     files it references); empty for a spec at a URL
	 * @param include the operations offered (all when empty), each rule one way to match
	 * @param exclude the operations never offered, whatever {@code include} says
	 * @param writes whether operations other than GET and HEAD may be offered
	 * @param destructive whether DELETE operations may be offered (needs {@code writes} too)
	 * @param openWorld the {@code openWorldHint} of every tool: whether the API reaches beyond the platform
	 * @param refresh how often a spec at a URL is read again
	 * @see <a href="https://spec.openapis.org/oas/v3.1.0">OpenAPI 3.1</a>
	 */
	record OpenApi(String spec, Map<String, String> documents, List<OperationRule> include, List<OperationRule> exclude,
			boolean writes, boolean destructive, boolean openWorld, Duration refresh) implements BackendTransport {

		public OpenApi {
			documents = Map.copyOf(documents);
			include = List.copyOf(include);
			exclude = List.copyOf(exclude);
		}

		/** Whether {@code spec} names a file of the config repo rather than a URL. */
		public boolean specInRepo() {
			return !this.spec.startsWith("http://") && !this.spec.startsWith("https://");
		}

		@Override
		public String configName() {
			return "openapi";
		}

		@Override
		public String toString() {
			return "OpenApi[spec=" + this.spec + ", documents=" + this.documents.keySet() + ", include=" + this.include
					+ ", exclude=" + this.exclude + ", writes=" + this.writes + ", destructive=" + this.destructive
					+ ", openWorld=" + this.openWorld + ", refresh=" + this.refresh + "]";
		}

	}

	/**
	 * One way to pick operations of an OpenAPI document: an operation matches when it matches every field given.
	 *
	 * @param operation the operation's {@code operationId}
	 * @param tag one of the operation's tags
	 * @param path its path template; {@code *} stands for one segment, {@code **} for any number
	 * @param method its HTTP method, upper case
	 */
	record OperationRule(@Nullable String operation, @Nullable String tag,
			@Nullable String path, @Nullable String method) {
	}

	/** Who a stdio backend's process serves. */
	enum Sharing {

		/** One process, started and initialized by the gateway, for the catalog and every user alike. */
		SHARED,

		/** One process per user, told who the user is; the catalog is read from a process of its own. */
		PER_USER

	}

	/**
	 * Where the value of one variable of a stdio process comes from. Secrets come from the gateway's environment
	 * or from a file mounted into its pod, never from the config repo; no {@code toString} shows them.
	 */
	sealed interface EnvValue {

		/** Written in the config repo: only for values that do not look like secrets. */
		record Literal(String value) implements EnvValue {
		}

		/** A {@code ${NAME}} reference, resolved when the config repo was loaded. */
		record FromEnvironment(String variable, String value) implements EnvValue {

			@Override
			public String toString() {
				return "FromEnvironment[variable=" + this.variable + ", value=(secret)]";
			}

		}

		/** A file's content (without one trailing line break), read each time the process starts. */
		record FromFile(Path path) implements EnvValue {
		}

	}

}
