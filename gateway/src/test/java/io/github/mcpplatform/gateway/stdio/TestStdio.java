package io.github.mcpplatform.gateway.stdio;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.LongCalls;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.EnvValue;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.Sharing;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.Stdio;
import io.github.mcpplatform.gateway.policy.BackendAccess;
import io.github.mcpplatform.gateway.configrepo.BackendAuth;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.session.FrontSession;
import tools.jackson.databind.node.ObjectNode;

/** stdio backends for tests: server-everything (from e2e/node_modules), the fault scripts in test resources. */
final class TestStdio {

	/** {@code @modelcontextprotocol/server-everything}, as {@code npm ci} in e2e/ installs it. */
	static final Path EVERYTHING = Path.of("..", "e2e", "node_modules", "@modelcontextprotocol", "server-everything",
			"dist", "index.js").toAbsolutePath().normalize();

	private TestStdio() {
	}

	static BackendDefinition everything(String name, Sharing sharing, Map<String, EnvValue> env) {
		return backend(name, "node", List.of(EVERYTHING.toString(), "stdio"), sharing, env);
	}

	/** One of the scripts in {@code src/test/resources/stdio}, run by its interpreter. */
	static BackendDefinition script(String name, String script, Map<String, EnvValue> env) {
		String path = resource(script);
		return backend(name, script.endsWith(".js") ? "node" : "sh", List.of(path), Sharing.SHARED, env);
	}

	static BackendDefinition backend(String name, String command, List<String> args, Sharing sharing,
			Map<String, EnvValue> env) {
		return new BackendDefinition(name, URI.create("stdio:" + name), name, true, Duration.ofSeconds(20), LongCalls.DEFAULT, null,
				BackendAccess.EVERYONE, BackendAuth.GATEWAY_JWT,
				new Stdio(command, new ArrayList<>(args), env, sharing, 10, Duration.ofMinutes(15)), "test");
	}

	static FrontSession session(String id) {
		return new FrontSession(id, "principal-" + id, "2025-11-25",
				"{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}",
				Map.of(), Instant.now());
	}

	static ObjectNode call(int id, String tool, Map<String, Object> arguments, @Nullable String progressToken) {
		ObjectNode call = JsonRpc.JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", "tools/call");
		ObjectNode params = call.putObject("params").put("name", tool);
		params.set("arguments", JsonRpc.JSON.valueToTree(arguments));
		if (progressToken != null) {
			params.putObject("_meta").put("progressToken", progressToken);
		}
		return call;
	}

	private static String resource(String script) {
		try {
			return Path.of(TestStdio.class.getResource("/stdio/" + script).toURI()).toString();
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

}
