package io.github.mcpplatform.cnpg.tools;

import static io.github.mcpplatform.cnpg.tools.CommonParams.CLUSTER_NAME;
import static io.github.mcpplatform.cnpg.tools.CommonParams.FORMAT;
import static io.github.mcpplatform.cnpg.tools.CommonParams.NAMESPACE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.mcpplatform.cnpg.cnpg.AppSecrets;
import io.github.mcpplatform.cnpg.cnpg.ClusterRepository;
import io.github.mcpplatform.cnpg.cnpg.InstanceRepository;
import io.github.mcpplatform.cnpg.cnpg.SecretRepository;
import io.github.mcpplatform.cnpg.output.Failures;
import io.github.mcpplatform.cnpg.output.Reply;
import io.github.mcpplatform.cnpg.output.ToolFailure;
import io.github.mcpplatform.cnpg.sql.ServiceAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code get_postgres_connection_info}: how an application connects to a cluster. The Services and the names of the
 * secrets come from the Cluster and its Services; the user and database from the spec, as CNPG derives its
 * application secret from them. The password is read from that secret only when the call asks for it twice over
 * ({@code include_password} and {@code confirm}), and never logged.
 *
 * @see <a href="https://cloudnative-pg.io/documentation/current/applications/">CNPG: connecting from an
 *     application</a>
 */
final class ConnectionInfo {

	private static final Param<Boolean> INCLUDE_PASSWORD = Param
		.flag("include_password", "Also read the application user's password from its secret and show it. Needs "
				+ "confirm=true as well; without it, the password stays in the secret.")
		.defaultsTo(false);

	private static final Param<Boolean> CONFIRM = Param
		.flag("confirm", "Must be true with include_password=true: the password then enters the conversation.")
		.defaultsTo(false);

	/** The Services CNPG creates for every cluster, by the suffix CNPG gives them. */
	private static final Map<String, String> SERVICES = Map.of("rw", "the primary, for reads and writes", "ro",
			"the replicas only, for reads", "r", "any instance, for reads");

	private final ClusterRepository clusters;

	private final InstanceRepository instances;

	private final SecretRepository secrets;

	ConnectionInfo(ClusterRepository clusters, InstanceRepository instances, SecretRepository secrets) {
		this.clusters = clusters;
		this.instances = instances;
		this.secrets = secrets;
	}

	CnpgTool tool() {
		return new CnpgTool("get_postgres_connection_info", "Get PostgreSQL connection info",
				"Show how to connect to a CloudNativePG cluster: the rw/ro/r Services with host and port, the user, "
						+ "database and secret names, and a connection URI without the password.",
				Hints.readOnly(), List.of(CLUSTER_NAME, NAMESPACE, INCLUDE_PASSWORD, CONFIRM, FORMAT), this::info);
	}

	private Mono<Reply> info(ToolCall call) {
		String name = call.get(CLUSTER_NAME);
		String namespace = call.namespace();
		boolean withPassword = call.get(INCLUDE_PASSWORD);
		if (withPassword && !call.get(CONFIRM)) {
			return Mono.error(new ToolFailure("include_password=true needs confirm=true too: the password would enter "
					+ "the conversation. Nothing was read. Repeat with confirm=true, or leave the password in its secret "
					+ "(applications mount it: the secret's name is in this tool's answer without include_password)."));
		}
		return this.clusters.get(namespace, name)
			.flatMap(cluster -> services(namespace, name).flatMap(services -> {
				Map<String, Object> result = connection(cluster, services);
				if (!withPassword) {
					return Mono.just(reply(result, null));
				}
				String secret = AppSecrets.applicationSecretName(cluster);
				return this.secrets.find(namespace, secret)
					.switchIfEmpty(Mono.error(() -> new ToolFailure("Cluster '" + name + "' has no secret '" + secret
							+ "' (CloudNativePG creates it at bootstrap unless the spec names one of its own).")))
					.map(s -> {
						String password = AppSecrets.password(s);
						if (password == null) {
							throw new ToolFailure("Secret '" + secret + "' of cluster '" + name + "' has no key 'password'.");
						}
						return reply(result, password);
					});
			}))
			.onErrorMap(Failures.during("read the connection info of cluster '" + name + "' in namespace '" + namespace + "'"));
	}

	/** The three Services, read at once, in this order. */
	private Mono<List<Map<String, Object>>> services(String namespace, String cluster) {
		return Flux.fromIterable(List.of("rw", "ro", "r"))
			.flatMapSequential(suffix -> this.instances.service(namespace, cluster + "-" + suffix).map(found -> {
				Map<String, Object> service = new LinkedHashMap<>();
				service.put("type", suffix);
				service.put("name", cluster + "-" + suffix);
				service.put("host", cluster + "-" + suffix + "." + namespace + ".svc");
				service.put("port", ServiceAddress.POSTGRES_PORT);
				service.put("purpose", SERVICES.get(suffix));
				service.put("exists", found.isPresent());
				return service;
			}))
			.collectList();
	}

	private static Map<String, Object> connection(GenericKubernetesResource cluster, List<Map<String, Object>> services) {
		String namespace = cluster.getMetadata().getNamespace();
		String user = AppSecrets.owner(cluster);
		String database = AppSecrets.database(cluster);
		String host = cluster.getMetadata().getName() + "-rw." + namespace + ".svc";
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("cluster", cluster.getMetadata().getName());
		result.put("namespace", namespace);
		result.put("services", services);
		result.put("user", user);
		result.put("database", database);
		result.put("applicationSecret", AppSecrets.applicationSecretName(cluster));
		String superuser = AppSecrets.superuserSecretName(cluster);
		if (superuser != null) {
			result.put("superuserSecret", superuser);
		}
		result.put("uri", "postgresql://" + user + "@" + host + ":" + ServiceAddress.POSTGRES_PORT + "/" + database
				+ "?sslmode=require");
		result.put("jdbcUri", "jdbc:postgresql://" + host + ":" + ServiceAddress.POSTGRES_PORT + "/" + database
				+ "?user=" + user + "&sslmode=require");
		return result;
	}

	@SuppressWarnings("unchecked")
	private static Reply reply(Map<String, Object> connection, @Nullable String password) {
		Map<String, Object> result = new LinkedHashMap<>(connection);
		StringBuilder text = new StringBuilder("Cluster '").append(result.get("cluster")).append("' (namespace ")
			.append(result.get("namespace")).append("):");
		for (Map<String, Object> s : (List<Map<String, Object>>) result.get("services")) {
			text.append("\n- ").append(s.get("host")).append(':').append(s.get("port")).append(" (").append(s.get("type"))
				.append(": ").append(s.get("purpose")).append(')')
				.append(Boolean.TRUE.equals(s.get("exists")) ? "" : " - no such Service: disabled or not created yet");
		}
		text.append("\nuser ").append(result.get("user")).append(", database ").append(result.get("database"))
			.append("\nuri: ").append(result.get("uri"))
			.append("\njdbc: ").append(result.get("jdbcUri"))
			.append("\nThe password is in secret '").append(result.get("applicationSecret"))
			.append("' (key 'password'; the keys 'uri' and 'jdbc-uri' hold complete URIs with it).");
		if (result.containsKey("superuserSecret")) {
			text.append("\nSuperuser access is enabled: secret '").append(result.get("superuserSecret")).append("'.");
		}
		List<String> notes = new ArrayList<>();
		notes.add("Hosts resolve inside the Kubernetes cluster; from outside, use a port-forward or a LoadBalancer Service.");
		if (password != null) {
			result.put("password", password);
			result.put("passwordIncluded", true);
			text.append("\nPASSWORD INCLUDED (asked for with include_password and confirm): ").append(password)
				.append("\nTreat this answer as a secret: do not repeat the password where others can read it.");
		}
		result.put("notes", notes);
		notes.forEach(n -> text.append('\n').append(n));
		return Reply.of(text.toString(), result);
	}

}
