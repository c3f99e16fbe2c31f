package io.github.mcpplatform.cnpg.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The requests a sandbox's API server received, from its request log. CRUD mode answers like an API server
 * but cannot assert on headers; the log shows every request as it arrived, headers included.
 */
public final class SandboxRequests {

	private SandboxRequests() {
	}

	/** The requests received since the last call, oldest first; the log is empty afterwards. */
	public static List<RecordedRequest> drain(Sandbox sandbox) {
		return drain(sandbox.server());
	}

	/** The same for a mock API server of a test's own (one that also answers expectations). */
	public static List<RecordedRequest> drain(KubernetesMockServer server) {
		List<RecordedRequest> requests = new ArrayList<>();
		try {
			RecordedRequest request;
			while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
				requests.add(request);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
		return requests;
	}

}
