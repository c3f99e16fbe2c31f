package io.github.mcpplatform.cnpg.kube;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Opens the {@link KubernetesConnection} that {@code cnpg.kubernetes.mode} asks for.
 *
 * <p>
 * {@code auto} prefers the pod's service account, then a kubeconfig; when neither exists it fails
 * with the command that starts the sandbox instead, unless {@code fallback-to-sandbox} is set.
 */
public final class KubernetesConnector {

	private static final Logger log = LoggerFactory.getLogger(KubernetesConnector.class);

	/** The longest the startup check waits for the API server. */
	static final java.time.Duration VERIFY_TIMEOUT = java.time.Duration.ofSeconds(5);

	static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

	private final KubernetesProperties properties;

	private final Function<String, String> environment;

	private final Path serviceAccountToken;

	public KubernetesConnector(KubernetesProperties properties) {
		this(properties, System::getenv, SERVICE_ACCOUNT_TOKEN);
	}

	KubernetesConnector(KubernetesProperties properties, Function<String, String> environment,
			Path serviceAccountToken) {
		this.properties = properties;
		this.environment = environment;
		this.serviceAccountToken = serviceAccountToken;
	}

	public KubernetesConnection connect() {
		KubernetesMode mode = resolveMode();
		return switch (mode) {
			case SANDBOX -> sandbox();
			case IN_CLUSTER -> inCluster();
			case KUBECONFIG -> kubeconfig();
			case AUTO -> throw new IllegalStateException("auto is resolved before connecting");
		};
	}

	KubernetesMode resolveMode() {
		if (this.properties.mode() != KubernetesMode.AUTO) {
			return this.properties.mode();
		}
		if (runsInPod()) {
			return KubernetesMode.IN_CLUSTER;
		}
		if (kubeconfigFile().isPresent()) {
			return KubernetesMode.KUBECONFIG;
		}
		if (this.properties.fallbackToSandbox()) {
			log.warn("No Kubernetes cluster found (no service account, no kubeconfig): starting the SANDBOX");
			return KubernetesMode.SANDBOX;
		}
		throw new KubernetesUnavailableException("""
				No Kubernetes cluster found: this process does not run in a pod (no service account token at %s) \
				and there is no kubeconfig (%s). Point KUBECONFIG at a kubeconfig file, or try every tool against \
				an in-memory Kubernetes API with --cnpg.kubernetes.mode=sandbox (nothing real is touched)."""
			.formatted(this.serviceAccountToken, String.join(", ", Config.getKubeconfigFilenames())));
	}

	private boolean runsInPod() {
		return this.environment.apply("KUBERNETES_SERVICE_HOST") != null && Files.isReadable(this.serviceAccountToken);
	}

	private static Optional<Path> kubeconfigFile() {
		return Config.getKubeconfigFilenames().stream().map(Path::of).filter(Files::isReadable).findFirst();
	}

	private KubernetesConnection inCluster() {
		if (!runsInPod()) {
			throw new KubernetesUnavailableException("cnpg.kubernetes.mode=in-cluster needs a pod: "
					+ "KUBERNETES_SERVICE_HOST must be set and " + this.serviceAccountToken + " readable. "
					+ "Outside a cluster use --cnpg.kubernetes.mode=kubeconfig or sandbox.");
		}
		// A stray kubeconfig in the image must not win over the pod's own identity.
		System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
		Config config = withLimits(Config.autoConfigure(null));
		return open(config, KubernetesMode.IN_CLUSTER, "in-cluster service account, API " + config.getMasterUrl());
	}

	private KubernetesConnection kubeconfig() {
		Path file = kubeconfigFile().orElseThrow(() -> new KubernetesUnavailableException(
				"cnpg.kubernetes.mode=kubeconfig but no kubeconfig is readable (" + String.join(", ",
						Config.getKubeconfigFilenames()) + "). Set KUBECONFIG or use --cnpg.kubernetes.mode=sandbox."));
		Config config = withLimits(Config.autoConfigure(this.properties.context()));
		String context = config.getCurrentContext() != null ? config.getCurrentContext().getName() : "current";
		if (this.properties.context() != null && !this.properties.context().equals(context)) {
			// The client falls back to the current context when the asked one is missing: never act on another.
			throw new KubernetesUnavailableException("cnpg.kubernetes.context=" + this.properties.context()
					+ " is not a context of kubeconfig " + file + "; its contexts: " + config.getContexts()
						.stream()
						.map(named -> named.getName())
						.toList() + ".");
		}
		if (this.properties.verifyAtStartup()) {
			verifyAnswers(config, context, file);
		}
		return open(config, KubernetesMode.KUBECONFIG,
				"kubeconfig " + file + ", context " + context + ", API " + config.getMasterUrl());
	}

	/**
	 * One version request, without the client's retries (ten, with backoff, take minutes against a closed port)
	 * and with a short deadline; a failure names the context and what to do.
	 */
	private void verifyAnswers(Config config, String context, Path file) {
		int millis = Math.toIntExact(Math.min(this.properties.requestTimeout().toMillis(), VERIFY_TIMEOUT.toMillis()));
		Config once = new ConfigBuilder(config).withRequestRetryBackoffLimit(0)
			.withConnectionTimeout(millis)
			.withRequestTimeout(millis)
			.build();
		try (KubernetesClient client = new KubernetesClientBuilder().withConfig(once).build()) {
			client.getKubernetesVersion();
		}
		catch (RuntimeException e) {
			throw new KubernetesUnavailableException("""
					The Kubernetes API of context '%s' (%s, from kubeconfig %s) does not answer: %s. Start that \
					cluster, or choose another context with cnpg.kubernetes.context (./run --cluster --context NAME), \
					or try the sandbox instead (./run without --cluster, or cnpg.kubernetes.mode=sandbox)."""
				.formatted(context, config.getMasterUrl(), file, rootMessage(e)));
		}
	}

	private static String rootMessage(Throwable e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
	}

	private KubernetesConnection sandbox() {
		Sandbox sandbox = Sandbox.start();
		sandbox.seedSampleCluster(Sandbox.NAMESPACE);
		String namespace = Optional.ofNullable(this.properties.namespace()).orElse(Sandbox.NAMESPACE);
		log.warn("SANDBOX mode: an in-memory Kubernetes API at {} with the CNPG CRDs and a sample cluster. "
				+ "No CNPG operator runs, nothing real is touched, and everything is lost on exit.", sandbox.url());
		return new KubernetesConnection(sandbox.client(), KubernetesMode.SANDBOX, namespace,
				"SANDBOX (in-memory Kubernetes API, no operator; data is lost on exit)", sandbox);
	}

	private Config withLimits(Config config) {
		int timeoutMillis = Math.toIntExact(this.properties.requestTimeout().toMillis());
		return new ConfigBuilder(config).withRequestTimeout(timeoutMillis).withConnectionTimeout(timeoutMillis).build();
	}

	private KubernetesConnection open(Config config, KubernetesMode mode, String description) {
		KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
		String namespace = Optional.ofNullable(this.properties.namespace())
			.or(() -> Optional.ofNullable(client.getNamespace()))
			.orElse("default");
		log.info("Kubernetes: {}; default namespace {}", description, namespace);
		return new KubernetesConnection(client, mode, namespace, description, null);
	}

	/** No usable Kubernetes API for the configured mode; the message says how to fix it. */
	public static final class KubernetesUnavailableException extends RuntimeException {

		KubernetesUnavailableException(String message) {
			super(message);
		}

	}

}
