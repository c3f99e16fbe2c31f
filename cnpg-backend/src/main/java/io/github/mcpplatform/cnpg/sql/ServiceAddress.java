package io.github.mcpplatform.cnpg.sql;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where a cluster's Service answers. In the Kubernetes cluster the backend runs in, that is the Service's DNS
 * name, {@code <service>.<namespace>.svc}, on PostgreSQL's port; tests, and the sandbox when told to
 * ({@code cnpg.sandbox.postgres-port}), point it at a PostgreSQL of their own.
 */
@FunctionalInterface
public interface ServiceAddress {

	/** PostgreSQL's port on every CloudNativePG Service. */
	int POSTGRES_PORT = 5432;

	InetSocketAddress of(String namespace, String service);

	/** The in-cluster DNS name, left unresolved: the driver resolves it when it connects, off the event loop. */
	static ServiceAddress clusterDns() {
		return (namespace, service) -> InetSocketAddress.createUnresolved(service + "." + namespace + ".svc", POSTGRES_PORT);
	}

	/** One PostgreSQL on a loopback port answering for every Service: the sandbox's, which runs no instances. */
	static ServiceAddress loopback(int port) {
		InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
		return (namespace, service) -> address;
	}

}
