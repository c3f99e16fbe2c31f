package io.github.mcpplatform.gateway.configrepo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.web.util.HtmlUtils;

/**
 * The config status as a page for people: this replica, the config repo, and every backend, rendered on the
 * server as plain HTML that reads the same without JavaScript (none is sent) and without styles. Every value is
 * escaped, and backend problems lose their addresses as in the JSON status ({@link AddressFreeText}).
 */
final class StatusPage {

	/**
	 * @param version the gateway's version, or null when the build did not record it
	 * @param started when this replica started
	 * @param sessionsOpen the sessions open in the store, or null when the store could not say
	 */
	record Replica(@Nullable String version, Instant started, @Nullable Long sessionsOpen) {
	}

	private StatusPage() {
	}

	static String render(ConfigRepoStatus config, List<BackendSummary> backends, Replica replica, Instant now) {
		StringBuilder html = new StringBuilder(4096);
		html.append("""
				<!DOCTYPE html>
				<html lang="en"><head><meta charset="utf-8"><title>MCP gateway status</title>
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
				th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
				.READY{color:#186a1d}.DOWN{color:#b00020}.CONNECTING{color:#8a6d00}</style></head>
				<body><h1>MCP gateway status</h1>
				""");
		html.append("<h2>This replica</h2><dl>")
			.append(item("Version", replica.version() == null ? "unknown" : replica.version()))
			.append(item("Started", replica.started() + " (up " + duration(Duration.between(replica.started(), now)) + ")"))
			.append(item("Sessions open", replica.sessionsOpen() == null ? "unknown: the store did not answer"
					: String.valueOf(replica.sessionsOpen())))
			.append("</dl>");
		config(html, config, now);
		backends(html, backends, now);
		return html.append("<p>Generated at ").append(escape(now.truncatedTo(ChronoUnit.SECONDS).toString()))
			.append(". The same as JSON: <code>Accept: application/json</code>.</p></body></html>\n")
			.toString();
	}

	private static void config(StringBuilder html, ConfigRepoStatus config, Instant now) {
		html.append("<h2>Config repo</h2><dl>")
			.append(item("Repository", config.uri() + " (branch " + config.branch() + ")"))
			.append(item("In sync", config.inSync() ? "yes: the newest commit is live" : "no"));
		ConfigRepoStatus.Live live = config.live();
		html.append(item("Live", live == null ? "nothing yet"
				: live.version() + " from " + live.from() + ", " + live.backends() + " backend(s), since " + ago(live.since(), now)));
		if (config.lastPull() != null) {
			html.append(item("Last pull", ago(config.lastPull(), now)));
		}
		if (config.lastError() != null) {
			html.append(item("Last pull error", config.lastError()));
		}
		html.append("</dl>");
		ConfigRepoStatus.Rejected rejected = config.rejected();
		if (rejected != null) {
			html.append("<h3>Refused commit ").append(escape(rejected.version())).append(", ")
				.append(escape(ago(rejected.at(), now))).append("</h3><ul>");
			rejected.problems().forEach(problem -> html.append("<li>").append(escape(problem)).append("</li>"));
			html.append("</ul>");
		}
	}

	private static void backends(StringBuilder html, List<BackendSummary> backends, Instant now) {
		html.append("<h2>Backends</h2>");
		if (backends.isEmpty()) {
			html.append("<p>None enabled.</p>");
			return;
		}
		html.append("<table><thead><tr><th>Backend</th><th>State</th><th>Transport</th><th>Tools</th><th>Since</th>"
				+ "<th>Last error</th></tr></thead><tbody>");
		for (BackendSummary backend : backends) {
			String problem = AddressFreeText.of(backend.problem());
			html.append("<tr><td>").append(escape(backend.name()))
				.append("</td><td class=\"").append(escape(backend.state())).append("\">").append(escape(backend.state()))
				.append("</td><td>").append(escape(backend.transport()))
				.append("</td><td>").append(backend.tools())
				.append("</td><td>").append(escape(ago(backend.since(), now)))
				.append("</td><td>").append(problem == null ? "" : escape(problem))
				.append("</td></tr>");
		}
		html.append("</tbody></table>");
	}

	private static String item(String term, String value) {
		return "<dt>" + escape(term) + "</dt><dd>" + escape(value) + "</dd>";
	}

	private static String ago(Instant then, Instant now) {
		return then.truncatedTo(ChronoUnit.SECONDS) + " (" + duration(Duration.between(then, now)) + " ago)";
	}

	/** A duration as people read it: the two largest units. */
	static String duration(Duration duration) {
		long seconds = Math.max(0, duration.toSeconds());
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return seconds / 60 + " min " + seconds % 60 + " s";
		}
		if (seconds < 86400) {
			return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
		}
		return seconds / 86400 + " d " + seconds % 86400 / 3600 + " h";
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text, "UTF-8");
	}

}
