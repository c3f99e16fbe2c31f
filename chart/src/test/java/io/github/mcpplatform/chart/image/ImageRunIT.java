package io.github.mcpplatform.chart.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.mcpplatform.chart.Charts;
import io.github.mcpplatform.chart.Rendered;
import io.github.mcpplatform.chart.Scenario;

/**
 * The images run as the chart runs them: the gateway's and cnpg-backend's image, each with the pod the minimal
 * install renders (its ConfigMaps and Secrets mounted, its environment, its user), pass the pod's probes, and
 * the chart's {@code helm test} script passes against the gateway. Redis is a real redis-server with the
 * password the chart generated.
 *
 * <p>
 * What differs from a cluster, and why: the applications listen on free loopback ports (SERVER_PORT,
 * SERVER_ADDRESS, and the gateway's MANAGEMENT_SERVER_PORT and _ADDRESS) since this machine is shared; Redis is reached at 127.0.0.1 (no cluster DNS); the backend runs
 * its sandbox instead of in-cluster mode (no API server here) and fetches the gateway's keys from the gateway's
 * loopback port.
 */
class ImageRunIT {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static Rendered rendered;

	private static Process redis;

	private static ChrootPod gateway;

	private static ChrootPod backend;

	private static int gatewayPort;

	private static int gatewayManagementPort;

	private static int backendPort;

	private static Map<String, String> gatewayFilesBefore;

	private static final List<Path> unpacked = new ArrayList<>();

	@BeforeAll
	static void startPods() throws Exception {
		assumeTrue(ChrootPod.supported(), "running an image without a container engine needs root, unshare and chroot");
		rendered = Charts.render(Scenario.of().with("image.registry", System.getProperty("image.registry")));
		Map<String, Map<String, String>> secrets = secrets();
		int redisPort = freePort();
		redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no", "--requirepass", secrets.get(Rendered.name("redis")).get("redis-password"))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		gatewayPort = freePort();
		gatewayManagementPort = freePort();
		gateway = ChrootPod.start(image("gateway"), rendered, pod("gateway"), secrets,
				Map.of("SERVER_PORT", String.valueOf(gatewayPort), "SERVER_ADDRESS", "127.0.0.1", "MANAGEMENT_SERVER_PORT",
						String.valueOf(gatewayManagementPort), "MANAGEMENT_SERVER_ADDRESS", "127.0.0.1",
						"SPRING_DATA_REDIS_HOST", "127.0.0.1", "SPRING_DATA_REDIS_PORT", String.valueOf(redisPort)));
		gatewayFilesBefore = gateway.files();
		awaitReady(gateway, gatewayManagementPort, probePath("gateway"));
		backendPort = freePort();
		backend = ChrootPod.start(image("cnpg-backend"), rendered, pod("cnpg-backend"), secrets,
				Map.of("SERVER_PORT", String.valueOf(backendPort), "SERVER_ADDRESS", "127.0.0.1", "CNPG_KUBERNETES_MODE",
						"sandbox", "CNPG_AUTH_JWKSURI", "http://127.0.0.1:" + gatewayPort + "/jwks.json"));
		awaitReady(backend, backendPort, probePath("cnpg-backend"));
	}

	@AfterAll
	static void stopPods() {
		for (ChrootPod pod : new ChrootPod[] { backend, gateway }) {
			if (pod != null) {
				pod.close();
			}
		}
		if (redis != null) {
			redis.destroy();
		}
		unpacked.forEach(directory -> ImageTar.run(List.of("rm", "-rf", directory.toString())));
	}

	@Test
	void gatewayImagePassesThePodsProbesWithTheChartsConfiguration() throws Exception {
		Container container = pod("gateway").getContainers().get(0);

		assertThat(get(gatewayManagementPort, container.getLivenessProbe().getHttpGet().getPath()).statusCode()).isEqualTo(200);
		assertThat(get(gatewayManagementPort, container.getReadinessProbe().getHttpGet().getPath()).statusCode()).isEqualTo(200);
		assertThat(get(gatewayPort, container.getReadinessProbe().getHttpGet().getPath()).statusCode())
			.as("the actuator is not on the port the Service and the Ingress expose")
			.isEqualTo(404);
		HttpResponse<String> metrics = get(gatewayManagementPort, "/actuator/prometheus");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("gateway_config_in_sync 1.0");
		assertThat(gateway.log()).contains("Started GatewayApplication");
	}

	@Test
	void chartsHelmTestPassesAgainstTheGateway() throws Exception {
		Container test = rendered.get(Pod.class, Rendered.name("test")).getSpec().getContainers().get(0);
		ProcessBuilder script = new ProcessBuilder(test.getCommand()).redirectErrorStream(true);
		for (EnvVar variable : test.getEnv()) {
			script.environment().put(variable.getName(), variable.getValue());
		}
		// The Service's name does not resolve here: the gateway's loopback port stands in for it.
		script.environment().put("GATEWAY", "http://127.0.0.1:" + gatewayPort);

		Process run = script.start();
		String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(run.exitValue()).as(output).isZero();
		assertThat(output).contains("ok: the metadata names https://mcp.example.com/mcp", "ok: 401",
				"ok: the challenge points at the metadata");
	}

	@Test
	void backendImagePassesItsProbesAndRefusesCallsWithoutTheGatewaysToken() throws Exception {
		Container container = pod("cnpg-backend").getContainers().get(0);

		assertThat(get(backendPort, container.getLivenessProbe().getHttpGet().getPath()).statusCode()).isEqualTo(200);
		assertThat(get(backendPort, container.getReadinessProbe().getHttpGet().getPath()).statusCode()).isEqualTo(200);
		HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backendPort + "/mcp"))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}

	@Test
	void applicationsRunAsTheImagesUserAndWriteNothingOutsideTmp() throws Exception {
		for (ChrootPod pod : List.of(gateway, backend)) {
			String status = Files.readString(Path.of("/proc", String.valueOf(pod.application().pid()), "status"));
			assertThat(status.lines().filter(line -> line.startsWith("Uid:"))).singleElement()
				.satisfies(uid -> assertThat(uid.split("\\s+")).containsOnly("Uid:", "65532"));
		}
		assertThat(gateway.files()).as("the gateway's root file system after start and requests")
			.isEqualTo(gatewayFilesBefore);
	}

	private static ImageTar image(String component) {
		Path work = ImageTar.temporaryDirectory("image-" + component + "-");
		unpacked.add(work);
		return ImageTar.open(Path.of(System.getProperty(component + ".image.tar")), work);
	}

	private static PodSpec pod(String component) {
		return rendered.get(Deployment.class, Rendered.name(component)).getSpec().getTemplate().getSpec();
	}

	private static String probePath(String component) {
		return pod(component).getContainers().get(0).getReadinessProbe().getHttpGet().getPath();
	}

	/** The Secrets an operator creates before installing (docs/operations.md), and the one the chart generated. */
	private static Map<String, Map<String, String>> secrets() throws Exception {
		byte[] aesKey = new byte[32];
		new SecureRandom().nextBytes(aesKey);
		String signingKey = new ECKeyGenerator(Curve.P_256).keyID("image-run-it").generate().toJSONString();
		Secret redisPassword = rendered.get(Secret.class, Rendered.name("redis"));
		return Map.of("mcp-idp", Map.of("client-secret", "image-run-it-client-secret"), "mcp-gateway-keys",
				Map.of("signing.jwks", signingKey, "token-encryption.key", Base64.getEncoder().encodeToString(aesKey)),
				Rendered.name("redis"), Map.of("redis-password", new String(
						Base64.getDecoder().decode(redisPassword.getData().get("redis-password")), StandardCharsets.UTF_8)));
	}

	private static void awaitReady(ChrootPod pod, int port, String path) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
		while (Instant.now().isBefore(deadline)) {
			assertThat(pod.alive()).as("the container stopped:\n%s", pod.log()).isTrue();
			try {
				if (get(port, path).statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		throw new AssertionError("not ready within 180 s:\n" + pod.log());
	}

	private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
