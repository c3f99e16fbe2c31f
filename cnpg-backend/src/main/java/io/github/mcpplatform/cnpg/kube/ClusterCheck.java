package io.github.mcpplatform.cnpg.kube;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;

/**
 * {@code ./run --cluster} asks this before it starts anything: which kubeconfig context the backend would use,
 * and whether its API server answers, in a second or two instead of the minutes a whole backend start and its
 * readiness retries take. The same parsing and check as the backend's ({@link KubernetesConnector}), without
 * Spring.
 *
 * <p>
 * Run from the backend's jar: {@code java -cp cnpg-backend.jar -Dloader.main=io.github.mcpplatform.cnpg.kube.ClusterCheck
 * org.springframework.boot.loader.launch.PropertiesLauncher [context]}. Prints what it will use and exits 0, or
 * prints why not and what to do and exits 2.
 */
public final class ClusterCheck {

	private ClusterCheck() {
	}

	public static void main(String[] args) {
		// Only this answer on the terminal, not the Kubernetes client's debug lines.
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
		String context = args.length > 0 && !args[0].isBlank() ? args[0] : null;
		KubernetesProperties properties = new KubernetesProperties(KubernetesMode.KUBECONFIG, false, context, null,
				Duration.ofSeconds(5), 1, true);
		try (KubernetesConnection connection = new KubernetesConnector(properties).connect()) {
			System.out.println("Kubernetes: " + connection.description() + " (it answers)");
		}
		catch (RuntimeException e) {
			System.err.println(e.getMessage());
			System.exit(2);
		}
	}

}
