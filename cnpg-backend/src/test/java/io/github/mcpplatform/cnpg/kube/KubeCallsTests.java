package io.github.mcpplatform.cnpg.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.test.StepVerifier;

class KubeCallsTests {

	private final KubeCalls kube = new KubeCalls(2, Duration.ofMillis(200));

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
		StepVerifier.create(this.kube.call(() -> {
			Thread.sleep(2_000);
			return "late";
		})).expectErrorSatisfies(e -> assertThat(e).isInstanceOf(KubeCalls.KubeTimeoutException.class)
			.hasMessage("the Kubernetes API did not answer within 200 ms")).verify(Duration.ofSeconds(2));
	}

	@Test
	void callWhenTheCallFailsThenTheErrorIsSignalled() {
		StepVerifier.create(this.kube.call(() -> {
			throw new IllegalStateException("boom");
		})).expectErrorMessage("boom").verify();
	}

}
