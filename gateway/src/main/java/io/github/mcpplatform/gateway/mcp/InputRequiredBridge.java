package io.github.mcpplatform.gateway.mcp;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.backend.BackendRegistry;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.identity.SessionBinding;
import io.github.mcpplatform.gateway.protocol.JsonRpc;
import io.github.mcpplatform.gateway.protocol.JsonRpcError;
import io.github.mcpplatform.gateway.protocol.ServerRequestIds;
import io.github.mcpplatform.gateway.session.Continuations;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.session.FrontSession;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lets a stateless client (MCP 2026-07-28) answer the questions of a session-era backend. Such a backend asks
 * mid-call (elicitation, sampling, roots); the stateless era has the server answer {@code input_required}
 * instead and the client repeat its request with the answers. So the gateway ends the client's response with
 * {@code input_required} (the question, and a {@code requestState} that only this user can present back) while
 * it keeps reading the backend's answer and publishes the rest on a continuation channel. The client's repeat,
 * on any replica, listens to that channel, hands the answers to the backend, and relays what follows: more
 * questions, progress, and at last the result.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2026-07-28/changelog">MCP 2026-07-28 changes</a>
 */
final class InputRequiredBridge {

	private static final Logger log = LoggerFactory.getLogger(InputRequiredBridge.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final BackendRegistry backends;

	private final BackendCalls calls;

	private final Continuations continuations;

	private final SessionBinding bindings;

	InputRequiredBridge(BackendRegistry backends, BackendCalls calls, Continuations continuations, SessionBinding bindings) {
		this.backends = backends;
		this.calls = calls;
		this.continuations = continuations;
		this.bindings = bindings;
	}

	/** Whether a request repeats an earlier one with answers to the backend's questions. */
	static boolean isRepeat(ObjectNode message) {
		return message.path("params").has("requestState");
	}

	/**
	 * Sends the request and answers the client with what the backend says until its result, or until its
	 * first question.
	 *
	 * @param finish makes the backend's result fit for the client
	 */
	Mono<Answer> call(FrontSession session, GatewayUser user, BackendDefinition backend, JsonNode id, ObjectNode message,
			StatelessAnswers finish, Function<Throwable, String> failure) {
		String continuation = newId();
		Sinks.Many<String> toClient = Sinks.many().unicast().onBackpressureBuffer();
		AtomicBoolean handedOver = new AtomicBoolean();
		this.calls.messages(session, user, backend, message).subscribe(next -> {
			if (handedOver.get()) {
				this.continuations.publish(continuation, next.toString()).subscribe();
			}
			else if (isQuestion(next)) {
				handedOver.set(true);
				toClient.tryEmitNext(inputRequired(id, backend, next, session, continuation));
				toClient.tryEmitComplete();
			}
			else {
				toClient.tryEmitNext(isAnswer(next) ? answer(next, id, finish) : next.toString());
				if (isAnswer(next)) {
					toClient.tryEmitComplete();
				}
			}
		}, error -> {
			String failed = failure.apply(error);
			if (handedOver.get()) {
				this.continuations.publish(continuation, failed).subscribe();
			}
			else {
				toClient.tryEmitNext(failed);
				toClient.tryEmitComplete();
			}
		}, () -> toClient.tryEmitComplete());
		return Mono.just(Answer.events(toClient.asFlux()));
	}

	/**
	 * The client's repeat: hands its answers to the backend, then relays what the backend says next, up to its
	 * result or its next question.
	 */
	Mono<Answer> repeat(FrontSession session, GatewayUser user, BackendDefinition backend, JsonNode id, ObjectNode message,
			StatelessAnswers finish) {
		String continuation = this.bindings.unbind(session.user(), message.path("params").path("requestState").asString(""));
		if (continuation == null) {
			return Mono.just(Answer.json(JsonRpcError.invalidParams(
					"Invalid params: requestState was not issued to you by this gateway").toJson(id)));
		}
		JsonNode responses = message.path("params").path("inputResponses");
		return this.continuations.listen(continuation).flatMap(channel -> {
			// Held from before the answers go out until the client takes it: the backend may answer at once.
			Sinks.Many<String> rest = Sinks.many().unicast().onBackpressureBuffer();
			Disposable listening = channel.subscribe(rest::tryEmitNext, rest::tryEmitError, rest::tryEmitComplete);
			return Flux.fromIterable(responses.properties())
				.concatMap(response -> answerQuestion(session, user, response.getKey(), response.getValue()))
				.then(Mono.just(rest.asFlux().doFinally(signal -> listening.dispose())))
				.doOnError(e -> listening.dispose());
		})
			.map(rest -> Answer.events(rest.map(text -> JsonRpc.JSON.readValue(text, ObjectNode.class))
				.timeout(MessageRelay.ANSWER_WAIT.plus(backend.timeout()))
				.takeUntil(next -> isQuestion(next) || isAnswer(next))
				.map(next -> isQuestion(next) ? inputRequired(id, backend, next, session, continuation)
						: isAnswer(next) ? answer(next, id, finish) : next.toString())));
	}

	private Mono<Void> answerQuestion(FrontSession session, GatewayUser user, String key, JsonNode response) {
		ServerRequestIds.Origin origin = ServerRequestIds.fromClient(JsonRpc.JSON.getNodeFactory().stringNode(key));
		BackendDefinition backend = origin == null ? null : this.backends.backend(origin.backend()).orElse(null);
		if (backend == null) {
			log.debug("An input response names no question the gateway relayed: {}", key);
			return Mono.empty();
		}
		ObjectNode answer = JsonRpc.JSON.createObjectNode().put("jsonrpc", "2.0");
		answer.set("id", origin.id());
		answer.set("result", response);
		return this.calls.send(session, user, backend, answer.toString());
	}

	/** The question as the stateless era asks it: inside an {@code input_required} result. */
	private String inputRequired(JsonNode id, BackendDefinition backend, ObjectNode question, FrontSession session,
			String continuation) {
		String key = ServerRequestIds.toClient(backend.name(), question.get("id")).asString();
		ObjectNode request = JsonRpc.JSON.createObjectNode().put("method", question.path("method").asString());
		if (question.has("params")) {
			request.set("params", question.get("params"));
		}
		return JsonRpc.result(id, Map.of("resultType", "input_required", "inputRequests", Map.of(key, request),
				"requestState", this.bindings.bind(session.user(), continuation)));
	}

	/** The backend's result (or error), addressed to the client's current request. */
	private static String answer(ObjectNode answer, JsonNode id, StatelessAnswers finish) {
		ObjectNode stamped = finish.apply(answer);
		ObjectNode finished = stamped != null ? stamped : answer;
		finished.set("id", id);
		return finished.toString();
	}

	private static boolean isQuestion(ObjectNode message) {
		return message.hasNonNull("method") && message.hasNonNull("id");
	}

	private static boolean isAnswer(ObjectNode message) {
		return !message.has("method") && (message.has("result") || message.has("error"));
	}

	private static String newId() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
