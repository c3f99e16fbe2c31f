package io.github.mcpplatform.gateway.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one backend's tool names appear in the merged list: {@code <prefix>_<tool>}, at most
 * {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9_-]}.
 *
 * <p>
 * MCP allows longer names with more characters, but clients do not: Claude's tool-use API accepts
 * {@code ^[a-zA-Z0-9_-]{1,64}$}. A name that does not fit is made to fit deterministically (other
 * characters become {@code _}; a long name keeps its start and ends with a hash of the full name), so every
 * replica and every restart agree on it. Because such names cannot be split back, routing looks names up in
 * the mapping built here instead of parsing them.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/server/tools#tool-names">MCP tool
 *     names</a>
 */
public final class ToolNames {

	/** The longest merged tool name. */
	public static final int MAX_LENGTH = 64;

	private static final Logger log = LoggerFactory.getLogger(ToolNames.class);

	private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_-]");

	private static final int HASH_LENGTH = 8;

	private final Map<String, String> frontToBackend;

	private ToolNames(Map<String, String> frontToBackend) {
		this.frontToBackend = frontToBackend;
	}

	/**
	 * The merged names of a backend's tools, in the backend's order.
	 *
	 * @param prefix the backend's prefix (validated by the config repo: lowercase letters, digits, '-')
	 * @param backendNames the names the backend lists
	 */
	public static ToolNames of(String prefix, Iterable<String> backendNames) {
		Map<String, String> names = new LinkedHashMap<>();
		for (String backendName : backendNames) {
			String front = frontName(prefix, backendName);
			if (names.containsKey(front)) {
				// Two backend names that differ only in characters clients cannot take: keep both apart.
				front = shorten(prefix + "_" + UNSAFE.matcher(backendName).replaceAll("_"), prefix + "_" + backendName + "#");
			}
			names.put(front, backendName);
		}
		return new ToolNames(Collections.unmodifiableMap(names));
	}

	/** The backend's own name for a merged name, if this backend has it. */
	public Optional<String> backendName(String frontName) {
		return Optional.ofNullable(this.frontToBackend.get(frontName));
	}

	/** Merged name to backend name, for every tool of the backend, in the backend's order. */
	public Map<String, String> asMap() {
		return this.frontToBackend;
	}

	static String frontName(String prefix, String backendName) {
		String merged = prefix + "_" + backendName;
		String safe = UNSAFE.matcher(merged).replaceAll("_");
		if (safe.equals(merged) && merged.length() <= MAX_LENGTH) {
			return merged;
		}
		String front = shorten(safe, merged);
		log.info("Tool '{}' of prefix '{}' is listed as '{}' ({} characters at most, [A-Za-z0-9_-] only)", backendName,
				prefix, front, MAX_LENGTH);
		return front;
	}

	/** Keeps what fits of {@code safe} and ends it with a hash of {@code original}, which tells names apart. */
	private static String shorten(String safe, String original) {
		String hash = sha256Hex(original).substring(0, HASH_LENGTH);
		String start = safe.length() > MAX_LENGTH - HASH_LENGTH - 1 ? safe.substring(0, MAX_LENGTH - HASH_LENGTH - 1) : safe;
		return start + "_" + hash;
	}

	private static String sha256Hex(String value) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}

}
