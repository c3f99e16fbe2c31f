package io.github.mcpplatform.cnpg.tools;

/**
 * How a tool answers {@code dry_run=true}. Against a real API server it sends the change with
 * {@code ?dryRun=All}: admission runs, CloudNativePG's webhooks included (they declare no side effects),
 * so a change they would reject fails now, and the answer shows what would be stored. The sandbox
 * (fabric8's mock server) stores dry-run writes like any other, so there the tool sends nothing and
 * previews the change itself.
 *
 * @param serverSide whether dry runs go to the API server
 */
record DryRun(boolean serverSide) {

	/** How a client-side preview begins. */
	static final String PREVIEW = "Dry run, nothing was sent.";

	/** How a server-side dry run the API server accepted begins. */
	static final String ACCEPTED = "Dry run, nothing was stored: the API server and CloudNativePG's webhooks accepted it.";

	/** The action of a failure message, e.g. "Could not create cluster 'pg' (dry run, nothing was stored): …". */
	static String action(String action, boolean dryRun) {
		return dryRun ? action + " (dry run, nothing was stored)" : action;
	}

}
