package io.github.mcpplatform.cnpg.cnpg;

/** A named object that a tool needs does not exist. */
public final class ResourceNotFoundException extends RuntimeException {

	private final String kind;

	private ResourceNotFoundException(String kind, String message) {
		super(message);
		this.kind = kind;
	}

	/** E.g. "cluster 'pg' not found in namespace 'db'". */
	public static ResourceNotFoundException named(String kind, String name, String namespace) {
		return new ResourceNotFoundException(kind, kind + " '" + name + "' not found in namespace '" + namespace + "'");
	}

	/** E.g. "role 'app' not found in cluster 'pg' (namespace 'db')". */
	public static ResourceNotFoundException inCluster(String kind, String name, String cluster, String namespace) {
		return new ResourceNotFoundException(kind,
				kind + " '" + name + "' not found in cluster '" + cluster + "' (namespace '" + namespace + "')");
	}

	/** The kind of object that is missing: cluster, database, role or secret. */
	public String kind() {
		return this.kind;
	}

}
