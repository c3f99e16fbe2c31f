package io.github.mcpplatform.gateway.mcp;

import java.util.ArrayList;
import java.util.List;

import io.github.mcpplatform.gateway.backend.MergedCatalog;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import reactor.core.publisher.Flux;

/** The {@code list_changed} notifications a change of the merged catalog calls for, one per list that changed. */
final class ListChanges {

	private ListChanges() {
	}

	/**
	 * The notifications a user's listening stream gets as the merged catalog changes: a change of what this
	 * user may see, not of the catalog, so a backend they may not use changes nothing for them.
	 *
	 * @param catalogs the merged catalog now and after every change
	 */
	static Flux<String> seenBy(Flux<MergedCatalog> catalogs, GatewayUser user) {
		return catalogs.map(catalog -> catalog.visibleTo(user))
			.buffer(2, 1)
			.filter(pair -> pair.size() == 2)
			.concatMapIterable(pair -> between(pair.get(0), pair.get(1)));
	}

	private static List<String> between(MergedCatalog before, MergedCatalog after) {
		List<String> methods = new ArrayList<>(3);
		if (!before.tools().equals(after.tools())) {
			methods.add("notifications/tools/list_changed");
		}
		if (!before.resources().equals(after.resources())
				|| !before.resourceTemplates().equals(after.resourceTemplates())) {
			methods.add("notifications/resources/list_changed");
		}
		if (!before.prompts().equals(after.prompts())) {
			methods.add("notifications/prompts/list_changed");
		}
		return methods;
	}

}
