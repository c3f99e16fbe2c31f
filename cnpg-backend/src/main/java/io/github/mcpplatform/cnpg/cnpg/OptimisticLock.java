package io.github.mcpplatform.cnpg.cnpg;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Read-modify-write of an object that the operator (or a person) may change at the same time, as CNPG's own
 * {@code status.PatchWithOptimisticLock} does it: the merge patch carries the {@code resourceVersion} it was
 * computed from, so the API server refuses it (409) if the object changed, and the whole read-compute-patch is
 * tried again a few times.
 *
 * @see <a href="https://github.com/cloudnative-pg/cloudnative-pg/blob/main/pkg/resources/status/patch.go">CNPG
 *     PatchWithOptimisticLock</a>
 */
public final class OptimisticLock {

	/** client-go's {@code retry.DefaultBackoff}, which CNPG uses: 4 attempts, from 10 ms, factor 5. */
	private static final Retry ON_CONFLICT = Retry.backoff(3, Duration.ofMillis(10))
		.maxBackoff(Duration.ofMillis(500))
		.filter(OptimisticLock::isConflict)
		.onRetryExhaustedThrow((spec, signal) -> signal.failure());

	private OptimisticLock() {
	}

	/** Runs {@code attempt} (which must read the object afresh each time) again when its patch meets a conflict. */
	public static <T> Mono<T> retryOnConflict(Mono<T> attempt) {
		return Mono.defer(() -> attempt).retryWhen(ON_CONFLICT);
	}

	/** The merge patch {@code changes}, valid only against the version of {@code object} it was computed from. */
	public static Map<String, Object> locked(GenericKubernetesResource object, Map<String, Object> changes) {
		Map<String, Object> patch = new LinkedHashMap<>(changes);
		Map<String, Object> metadata = new LinkedHashMap<>();
		if (changes.get("metadata") instanceof Map<?, ?> given) {
			given.forEach((key, value) -> metadata.put(String.valueOf(key), value));
		}
		metadata.put("resourceVersion", object.getMetadata().getResourceVersion());
		patch.put("metadata", metadata);
		return patch;
	}

	private static boolean isConflict(Throwable e) {
		return e instanceof KubernetesClientException k && k.getCode() == 409;
	}

}
