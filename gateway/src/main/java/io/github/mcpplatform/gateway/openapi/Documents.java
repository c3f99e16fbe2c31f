package io.github.mcpplatform.gateway.openapi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * An OpenAPI document with the documents its {@code $ref}s reach, all read beforehand: resolving a reference never
 * touches the network or the disk. Locations are URIs: {@code https://host/api/openapi.yaml} for a document read
 * from a URL, {@code repo:/openapi/petstore.yaml} for a file of the config repo.
 *
 * @param main where the document itself is
 * @param byLocation every document read, by location (no fragment)
 */
record Documents(URI main, Map<URI, JsonNode> byLocation) {

	/** A value a reference points at, and where it is (the document and the pointer). */
	record Target(URI location, URI document, JsonNode node) {
	}

	Documents {
		byLocation = Map.copyOf(byLocation);
	}

	JsonNode root() {
		return this.byLocation.get(this.main);
	}

	/**
	 * What {@code ref} points at, as written in the document at {@code from}.
	 *
	 * @throws DocumentException when it points at nothing, or at a document that was not read (outside the origin)
	 */
	Target resolve(String ref, URI from) {
		URI location = location(ref, from);
		URI document = withoutFragment(location);
		JsonNode tree = this.byLocation.get(document);
		if (tree == null) {
			throw new DocumentException("$ref '" + ref + "' points outside the document's origin, which is never read");
		}
		String fragment = location.getFragment();
		JsonNode node;
		try {
			node = fragment == null || fragment.isEmpty() ? tree : tree.at(JsonPointer.compile(fragment));
		}
		catch (IllegalArgumentException e) {
			throw new DocumentException("$ref '" + ref + "' is not a JSON pointer: " + e.getMessage());
		}
		if (node == null || node.isMissingNode()) {
			throw new DocumentException("$ref '" + ref + "' points at nothing in " + display(document));
		}
		return new Target(location, document, node);
	}

	/** A reference made absolute against the document it is written in. */
	static URI location(String ref, URI from) {
		try {
			URI relative = new URI(ref.replace("{", "%7B").replace("}", "%7D"));
			return from.resolve(relative);
		}
		catch (URISyntaxException | IllegalArgumentException e) {
			throw new DocumentException("$ref '" + ref + "' is not a URI reference");
		}
	}

	static URI withoutFragment(URI location) {
		try {
			return new URI(location.getScheme(), location.getSchemeSpecificPart(), null);
		}
		catch (URISyntaxException e) {
			throw new DocumentException("'" + location + "' is not a document location");
		}
	}

	/** A location as people know it: the repo file's path, or the URL. */
	static String display(URI document) {
		return "repo".equals(document.getScheme()) ? document.getPath().substring(1) : document.toString();
	}

}
