package io.github.mcpplatform.gateway.openapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.github.mcpplatform.gateway.protocol.ToolNames;

/**
 * Tool names for operations: the {@code operationId} (or the method and path when there is none) in the characters
 * clients take, short enough that the gateway's {@code <prefix>_<tool>} fits in {@value ToolNames#MAX_LENGTH}
 * characters as it is, so it never needs a hash of the gateway's. A name is made only from its own operation, so
 * it stays the same when other operations come and go; a name cut short ends with a hash of what it stood for.
 */
final class ToolNaming {

	private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_-]+");

	private static final int HASH = 8;

	private ToolNaming() {
	}

	/** The longest tool name that fits after {@code <prefix>_}. */
	static int budget(String prefix) {
		return ToolNames.MAX_LENGTH - prefix.length() - 1;
	}

	static String name(@Nullable String operationId, String method, String path, int budget) {
		String source = operationId != null && !operationId.isBlank() ? operationId
				: method.toLowerCase(Locale.ROOT) + "_" + path.replaceAll("^/+", "");
		String safe = UNSAFE.matcher(source.replace("{", "").replace("}", "")).replaceAll("_").replaceAll("^_+|_+$", "");
		if (safe.isEmpty()) {
			safe = method.toLowerCase(Locale.ROOT);
		}
		return fit(safe, source, budget);
	}

	/** The same name told apart from another operation's: the hash of its method and path is added. */
	static String distinct(String name, String method, String path, int budget) {
		String hash = hash(method + " " + path);
		return fit(name + "_" + hash.substring(0, 6), name + "_" + hash, budget);
	}

	private static String fit(String safe, String original, int budget) {
		if (safe.length() <= budget) {
			return safe;
		}
		return safe.substring(0, budget - HASH - 1) + "_" + hash(original).substring(0, HASH);
	}

	private static String hash(String value) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}

}
