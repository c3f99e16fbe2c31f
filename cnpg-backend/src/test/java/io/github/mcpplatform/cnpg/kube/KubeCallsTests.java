package io.github.mcpplatform.cnpg.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.mockwebserver.http.RecordedRequest;

import reactor.test.StepVerifier;

class KubeCallsTests {

	/** Patient: on a busy machine a call's first thread can take longer than a short bound, and only one test is about it. */
	private final KubeCalls kube = new KubeCalls(2, Duration.ofSeconds(10));

	@AfterEach
	void close() {
		this.kube.close();
	}

	@Test
	void callRunsTheBlockingCallOnTheKubeSchedulerNotTheCallersThread() {
		StepVerifier.create(this.kube.call(() -> Thread.currentThread().getName()))
			.assertNext(thread -> assertThat(thread).startsWith("kube-call"))
			.verifyComplete();
	}

	@Test
	void callWhenTheResultIsNullThenCompletesEmpty() {
		StepVerifier.create(this.kube.call(() -> null)).verifyComplete();
	}

	@Test
	void callWhenTooSlowThenFailsWithATimeoutThatSaysHowLong() {
		try (KubeCalls impatient = new KubeCalls(1, Duration.ofMillis(200))) {
			StepVerifier.create(impatient.call(() -> {
				Thread.sleep(5_000);
				return "late";
			})).expectErrorSatisfies(e -> assertThat(e).isInstanceOf(KubeCalls.KubeTimeoutException.class)
				.hasMessage("the Kubernetes API did not answer within 200 ms")).verify(Duration.ofSeconds(4));
		}
	}

	@Test
	void callWhenTheCallFailsThenTheErrorIsSignalled() {
		StepVerifier.create(this.kube.call(() -> {
			throw new IllegalStateException("boom");
		})).expectErrorMessage("boom").verify();
	}

	@Test
	void callWithAClientForAPersonSendsTheirImpersonationHeadersAndLeavesTheClientAsItWas() {
		KubeUser alice = new KubeUser("alice@example.com", List.of("db-team", "dev"));
		try (Sandbox sandbox = Sandbox.start(); KubeCalls patient = new KubeCalls(1, Duration.ofSeconds(10))) {
			SandboxRequests.drain(sandbox);

			StepVerifier.create(patient.call(sandbox.client(), client -> client.namespaces().list())
				.contextWrite(KubeCalls.actingAs(alice))).expectNextCount(1).verifyComplete();
			StepVerifier.create(patient.call(sandbox.client(), client -> client.namespaces().list()))
				.expectNextCount(1)
				.verifyComplete();

			List<RecordedRequest> requests = SandboxRequests.drain(sandbox);
			assertThat(requests).hasSize(2);
			assertThat(requests.get(0).getHeaders().headers("Impersonate-User")).containsExactly("alice@example.com");
			assertThat(requests.get(0).getHeaders().headers("Impersonate-Group")).containsExactly("db-team", "dev");
			assertThat(requests.get(1).getHeader("Impersonate-User")).isNull();
		}
	}

	@Test
	void callWhenImpersonatingButMadeForNobodyThenFailsWithoutRunning() {
		AtomicBoolean ran = new AtomicBoolean();
		try (KubeCalls impersonating = new KubeCalls(1, Duration.ofSeconds(1), true)) {
			StepVerifier.create(impersonating.call(TestSandbox.get().client(), client -> ran.getAndSet(true)))
				.expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("made for nobody"))
				.verify();
		}
		assertThat(ran).isFalse();
	}

	@Test
	void callWithoutAClientInACallMadeForAPersonFailsWithoutRunning() {
		AtomicBoolean ran = new AtomicBoolean();
		StepVerifier.create(this.kube.call(() -> ran.getAndSet(true))
			.contextWrite(KubeCalls.actingAs(new KubeUser("alice@example.com", List.of()))))
			.expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("does not carry their identity"))
			.verify();
		assertThat(ran).isFalse();
	}

}
