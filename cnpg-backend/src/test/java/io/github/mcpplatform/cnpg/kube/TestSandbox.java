package io.github.mcpplatform.cnpg.kube;

import java.util.UUID;

/**
 * One in-memory Kubernetes API (the same {@link Sandbox} the product runs) shared by every test in the JVM:
 * starting it costs about a second. Tests isolate themselves by working in namespaces of their own.
 */
public final class TestSandbox {

	private static final Sandbox SANDBOX = Sandbox.start();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(SANDBOX::close));
	}

	private TestSandbox() {
	}

	public static Sandbox get() {
		return SANDBOX;
	}

	/** A namespace name no other test uses. */
	public static String uniqueNamespace(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
