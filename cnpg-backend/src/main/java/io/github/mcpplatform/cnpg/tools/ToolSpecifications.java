package io.github.mcpplatform.cnpg.tools;

import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Format;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import io.github.mcpplatform.cnpg.output.ToolResults;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import reactor.core.publisher.Mono;

/**
 * Turns tools into MCP SDK specifications, with the behaviour every tool shares: arguments validated
 * before the handler runs, every failure returned as a result with {@code isError: true}, output
 * formatted and truncated in one place, and one log line per call (no argument values: they are the
 * caller's data).
 */
final class ToolSpecifications {

	private static final Logger log = LoggerFactory.getLogger(ToolSpecifications.class);

	private ToolSpecifications() {
	}

	static List<AsyncToolSpecification> of(List<CnpgTool> tools, ToolResults results, String defaultNamespace) {
		return of(tools, results, defaultNamespace, ActingUser.backend());
	}

	/** The specifications, whose calls act in Kubernetes as {@code actingUser} says. */
	static List<AsyncToolSpecification> of(List<CnpgTool> tools, ToolResults results, String defaultNamespace,
			ActingUser actingUser) {
		return tools.stream().map(tool -> specification(tool, results, defaultNamespace, actingUser)).toList();
	}

	private static AsyncToolSpecification specification(CnpgTool tool, ToolResults results, String defaultNamespace,
			ActingUser actingUser) {
		return AsyncToolSpecification.builder().tool(tool.toMcpTool()).callHandler((exchange, request) -> {
			long started = System.nanoTime();
			return Mono.defer(() -> {
				Arguments arguments = Arguments.parse(request.arguments(), tool.params());
				ToolCall call = ToolCall.of(arguments, defaultNamespace, exchange, request.meta());
				Format format = Format.valueOf(call.get(CommonParams.FORMAT).toUpperCase(Locale.ROOT));
				return actingUser.around(tool.handler().handle(call)).map(reply -> results.success(reply, format));
			})
				.onErrorResume(e -> Mono.just(tool.outputSchema() == null ? results.failure(message(tool, e))
						: results.textFailure(message(tool, e))))
				.doOnNext(result -> {
					String outcome = Boolean.TRUE.equals(result.isError()) ? "failed" : "succeeded";
					long millis = (System.nanoTime() - started) / 1_000_000;
					log.atInfo()
						.addKeyValue("tool", tool.name())
						.addKeyValue("outcome", outcome)
						.addKeyValue("durationMs", millis)
						.log("tool {} {} in {} ms", tool.name(), outcome, millis);
				});
		}).build();
	}

	private static String message(CnpgTool tool, Throwable e) {
		if (e instanceof InvalidArgumentsException || e instanceof ToolFailure) {
			return e.getMessage();
		}
		log.warn("tool {} failed unexpectedly", tool.name(), e);
		return Failures.describe("run " + tool.name(), e);
	}

}
