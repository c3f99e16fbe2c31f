package io.github.mcpplatform.cnpg.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shapes of the structured content of the tools whose answers have one, declared as their {@code outputSchema}: a client may
 * then rely on them, and the MCP server refuses to send a success that does not conform. They follow
 * {@code ClusterView}, {@code RoleView}, {@code DatabaseView} and {@code Reply.list}; fields that are
 * absent when unknown are not required, and further fields may be added later (objects stay open).
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/server/tools#output-schema">MCP
 *     output schema</a>
 */
final class OutputSchemas {

	private static final Map<String, Object> STRING = Map.of("type", "string");

	private static final Map<String, Object> INTEGER = Map.of("type", "integer");

	private static final Map<String, Object> BOOLEAN = Map.of("type", "boolean");

	private static final Map<String, Object> STRINGS = array(STRING);

	static final Map<String, Object> ROLE = object(List.of("name", "ensure", "login", "superuser", "inherit", "createdb",
			"createrole", "replication", "bypassrls"),
			entries("name", STRING, "ensure", STRING, "login", BOOLEAN, "superuser",
					BOOLEAN, "inherit", BOOLEAN, "createdb", BOOLEAN, "createrole", BOOLEAN, "replication", BOOLEAN,
					"bypassrls", BOOLEAN, "passwordSecret", STRING, "status", STRING, "errors", STRINGS));

	static final Map<String, Object> CLUSTER = object(List.of("name", "namespace"),
			entries("name", STRING, "namespace", STRING, "instances", INTEGER, "readyInstances", INTEGER, "phase", STRING,
					"currentPrimary", STRING, "hibernated", BOOLEAN, "fencedInstances", STRINGS, "targetPrimary", STRING,
					"image", STRING, "storageSize", STRING, "storageClass", STRING, "phaseReason", STRING, "conditions",
					array(Map.of("type", "object")), "instancesStatus", Map.of("type", "object"), "parameters",
					Map.of("type", "object"), "managedRoles", array(ROLE)));

	static final Map<String, Object> DATABASE = object(List.of("objectName", "ensure", "reclaimPolicy"),
			entries("objectName", STRING, "name", STRING, "owner", STRING, "ensure", STRING, "reclaimPolicy", STRING,
					"applied", BOOLEAN, "message", STRING, "pendingChanges", BOOLEAN, "terminating", BOOLEAN));

	static final Map<String, Object> BACKUP = object(List.of("name"),
			entries("name", STRING, "cluster", STRING, "method", STRING, "target", STRING, "phase", STRING, "createdAt",
					STRING, "startedAt", STRING, "stoppedAt", STRING, "error", STRING, "scheduledBackup", STRING,
					"backupId", STRING, "majorVersion", INTEGER, "beginLSN", STRING, "endLSN", STRING, "beginWal", STRING,
					"endWal", STRING, "destinationPath", STRING, "serverName", STRING, "instance", STRING, "online",
					BOOLEAN, "snapshots", Map.of()));

	static final Map<String, Object> SCHEDULED_BACKUP = object(List.of("name", "schedule", "suspended", "immediate",
			"backupOwnerReference"),
			entries("name", STRING, "cluster", STRING, "schedule", STRING, "suspended", BOOLEAN, "immediate", BOOLEAN,
					"backupOwnerReference", STRING, "method", STRING, "target", STRING, "lastScheduleTime", STRING,
					"nextScheduleTime", STRING, "error", STRING));

	private OutputSchemas() {
	}

	/**
	 * {@code list_postgres_backups}: the cluster, then (while the cluster exists) its recovery window and backup
	 * methods, then the list.
	 */
	static Map<String, Object> backupList() {
		return list("backups", BACKUP, entries("cluster", STRING, "namespace", STRING), entries("recoveryWindow",
				Map.of("type", "object"), "methods", STRINGS));
	}

	/** {@code list_postgres_scheduled_backups}: the cluster, then the list. */
	static Map<String, Object> scheduledBackupList() {
		return list("scheduledBackups", SCHEDULED_BACKUP, entries("cluster", STRING, "namespace", STRING));
	}

	/** {@code get_cluster_status}: the cluster. */
	static Map<String, Object> clusterStatus() {
		return object(List.of("cluster"), Map.of("cluster", CLUSTER));
	}

	/** {@code list_postgres_clusters}: where it looked, then the list. */
	static Map<String, Object> clusterList() {
		return list("clusters", CLUSTER, entries("scope", STRING));
	}

	/** {@code list_postgres_roles}: the cluster, then the list. */
	static Map<String, Object> roleList() {
		return list("roles", ROLE, entries("cluster", STRING, "namespace", STRING));
	}

	/** {@code list_postgres_databases}: the cluster, then the list. */
	static Map<String, Object> databaseList() {
		return list("databases", DATABASE, entries("cluster", STRING, "namespace", STRING));
	}

	/**
	 * {@code scale_postgres_cluster}: the counts, then whether it changed anything, or, for a dry run, the
	 * patch it would send. {@code from} is null when the cluster's spec names no count.
	 */
	static Map<String, Object> scale() {
		return object(List.of("cluster", "namespace", "to"),
				entries("cluster", STRING, "namespace", STRING, "from", Map.of("type", List.of("integer", "null")), "to",
						INTEGER, "changed", BOOLEAN, "dryRun", BOOLEAN, "patch", Map.of("type", "object")));
	}

	/** What {@code Reply.list} builds: the fields, the items, their count, and what was left out if any. */
	private static Map<String, Object> list(String key, Map<String, Object> item, Map<String, Object> fields) {
		return list(key, item, fields, Map.of());
	}

	/** The same, with fields that are not always there. */
	private static Map<String, Object> list(String key, Map<String, Object> item, Map<String, Object> fields,
			Map<String, Object> optionalFields) {
		Map<String, Object> properties = new LinkedHashMap<>(fields);
		properties.putAll(optionalFields);
		properties.put(key, array(item));
		properties.put("count", Map.of("type", "integer", "minimum", 0));
		properties.put("truncated", object(List.of("shown", "omitted", "hint"),
				entries("shown", INTEGER, "omitted", INTEGER, "hint", STRING)));
		List<String> required = new ArrayList<>(fields.keySet());
		required.addAll(List.of(key, "count"));
		return object(required, properties);
	}

	private static Map<String, Object> object(List<String> required, Map<String, Object> properties) {
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("properties", properties);
		schema.put("required", required);
		return schema;
	}

	private static Map<String, Object> array(Map<String, Object> items) {
		return Map.of("type", "array", "items", items);
	}

	/** Properties in the order given (Map.of would shuffle them in tools/list). */
	private static Map<String, Object> entries(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}
