package io.github.mcpplatform.gateway.openapi;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Reads an OpenAPI document and every document its {@code $ref}s name, within bounds: only documents of the main
 * document's own origin (the same scheme, host and port for a URL; the config repo's {@code openapi/} directory
 * for a file), at most {@value #MAX_DOCUMENTS} of them, and {@code maxChars} characters together. A reference
 * elsewhere fails the whole document before anything is read from there.
 */
final class DocumentLoader {

	static final int MAX_DOCUMENTS = 50;

	private final DocumentParser parser;

	private final long maxChars;

	DocumentLoader(int maxChars) {
		this.parser = new DocumentParser(maxChars);
		this.maxChars = maxChars;
	}

	/**
	 * @param main the main document's location
	 * @param read the text of a document of the origin, or an error when it cannot be had
	 */
	Mono<Documents> load(URI main, Function<URI, Mono<String>> read) {
		return Mono.defer(() -> {
			Map<URI, JsonNode> documents = new ConcurrentHashMap<>();
			Set<URI> seen = ConcurrentHashMap.newKeySet();
			seen.add(main);
			AtomicLong chars = new AtomicLong();
			return Mono.just(main)
				.expand(location -> read.apply(location).map(text -> {
					if (chars.addAndGet(text.length()) > this.maxChars) {
						throw new DocumentException(Documents.display(main) + " and the documents it references exceed "
								+ this.maxChars + " characters (gateway.backends.openapi.max-document-size)");
					}
					JsonNode tree = this.parser.parse(Documents.display(location), text);
					documents.put(location, tree);
					List<URI> next = new ArrayList<>();
					for (URI referenced : referenced(tree, location)) {
						if (!sameOrigin(main, referenced)) {
							throw new DocumentException(Documents.display(location) + " has a $ref to " + referenced
									+ ", outside the document's origin: only references within it are followed");
						}
						if (seen.add(referenced)) {
							next.add(referenced);
						}
					}
					if (seen.size() > MAX_DOCUMENTS) {
						throw new DocumentException(Documents.display(main) + " references more than " + MAX_DOCUMENTS
								+ " documents");
					}
					return next;
				}).flatMapMany(Flux::fromIterable))
				.then(Mono.fromSupplier(() -> new Documents(main, documents)));
		});
	}

	/** The other documents a document's {@code $ref}s name. */
	private static Set<URI> referenced(JsonNode tree, URI from) {
		Set<URI> found = new java.util.LinkedHashSet<>();
		collect(tree, from, found);
		return found;
	}

	private static void collect(JsonNode node, URI from, Set<URI> found) {
		if (node.isObject()) {
			JsonNode ref = node.get("$ref");
			if (ref != null && ref.isString() && !ref.asString().startsWith("#")) {
				found.add(Documents.withoutFragment(Documents.location(ref.asString(), from)));
			}
			node.values().forEach(child -> collect(child, from, found));
		}
		else if (node.isArray()) {
			node.values().forEach(child -> collect(child, from, found));
		}
	}

	/** Whether {@code candidate} is of the origin of {@code main}: nothing else is ever read. */
	static boolean sameOrigin(URI main, URI candidate) {
		if ("repo".equals(main.getScheme())) {
			String path = candidate.getPath();
			return "repo".equals(candidate.getScheme()) && path != null && path.startsWith("/openapi/")
					&& !path.contains("/../") && !path.contains("/./");
		}
		return main.getScheme().equalsIgnoreCase(String.valueOf(candidate.getScheme())) && candidate.getHost() != null
				&& main.getHost().toLowerCase(Locale.ROOT).equals(candidate.getHost().toLowerCase(Locale.ROOT))
				&& port(main) == port(candidate) && candidate.getUserInfo() == null;
	}

	private static int port(URI uri) {
		return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

}
