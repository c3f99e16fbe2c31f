package io.github.mcpplatform.cnpg.tools;

import io.github.mcpplatform.cnpg.kube.Impersonation;
import io.github.mcpplatform.cnpg.kube.KubeCalls;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import io.github.mcpplatform.cnpg.security.Callers;
import reactor.core.publisher.Mono;

/**
 * Whom a tool call acts as in Kubernetes: the backend's own identity, or, with {@code cnpg.kubernetes.impersonate},
 * the person the gateway's token names. Settled before the handler runs, so a token that names nobody is refused
 * before anything is sent to Kubernetes.
 */
final class ActingUser {

	private final Impersonation impersonation;

	private ActingUser(Impersonation impersonation) {
		this.impersonation = impersonation;
	}

	/** Every call acts as the backend itself. */
	static ActingUser backend() {
		return new ActingUser(Impersonation.off());
	}

	static ActingUser of(Impersonation impersonation) {
		return new ActingUser(impersonation);
	}

	/** {@code call}, acting as the caller when impersonating; a {@link ToolFailure} when the caller names nobody. */
	<T> Mono<T> around(Mono<T> call) {
		if (!this.impersonation.enabled()) {
			return call;
		}
		return Callers.claims()
			.switchIfEmpty(Mono.error(() -> new ToolFailure("This backend acts in Kubernetes as the person who calls "
					+ "it, and this call came without the gateway's token, so nothing was sent to Kubernetes. Call it "
					+ "through the gateway.")))
			.map(claims -> {
				try {
					return this.impersonation.userFor(claims);
				}
				catch (Impersonation.RefusedException e) {
					throw new ToolFailure(e.getMessage());
				}
			})
			.flatMap(user -> call.contextWrite(KubeCalls.actingAs(user)));
	}

}
