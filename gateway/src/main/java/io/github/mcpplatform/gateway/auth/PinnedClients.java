package io.github.mcpplatform.gateway.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.auth.AuthorizationServer.PinnedDocument;
import io.github.mcpplatform.gateway.auth.ClientMetadataDocuments.DocumentException;

/**
 * Copies of client metadata documents that the gateway holds, so that a client still signs in when its
 * vendor's site cannot be reached: egress rules refuse it, it does not answer in time, or it answers a
 * datacenter address with a bot challenge (HTTP 403). A copy stands in only when the fetch fails, never when
 * it succeeds, so a vendor's change takes effect; or always, for a URL the operator says never to fetch (a
 * cluster without egress). Each copy passes the same checks as a fetched document, at startup.
 */
final class PinnedClients {

	private static final Logger log = LoggerFactory.getLogger(PinnedClients.class);

	/** How often the use of one client's copy is logged, at most. */
	static final Duration LOG_INTERVAL = Duration.ofMinutes(10);

	static final String SETTING = "gateway.auth.client-metadata.pinned-clients";

	/**
	 * The copies shipped with the gateway, byte for byte as their vendors publish them, with the latest date
	 * on which that content was seen served (docs/auth.md says where each was read).
	 */
	static final List<PinnedDocument> SHIPPED = List.of(
			shipped("https://claude.ai/oauth/claude-code-client-metadata", "claude-code.json", "2026-10-05"),
			shipped("https://claude.ai/oauth/mcp-oauth-client-metadata", "claude-ai.json", "2026-09-21"),
			shipped("https://vscode.dev/oauth/client-metadata.json", "vscode.json", "2026-09-21"));

	/** A copy, checked: the client it describes, when it was taken, and whether to try the live one first. */
	record Pinned(RegisteredClient client, @Nullable String copiedOn, boolean fetch) {
	}

	/** The client a {@code client_id} URL stands for, and why a pinned copy was used instead of the live one. */
	record Resolved(RegisteredClient client, @Nullable String pinnedNotice) {

		static Resolved live(RegisteredClient client) {
			return new Resolved(client, null);
		}

	}

	private final Map<String, Pinned> byUrl;

	private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

	private PinnedClients(Map<String, Pinned> byUrl) {
		this.byUrl = byUrl;
	}

	/** The shipped copies and the operator's (which replace a shipped one of the same URL). */
	static PinnedClients load(List<PinnedDocument> configured) {
		List<String> problems = new ArrayList<>();
		Map<String, Pinned> byUrl = read(configured, problems);
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException(String.join("; ", problems));
		}
		return new PinnedClients(Map.copyOf(byUrl));
	}

	/** Why the operator's copies cannot be used, one line each naming the entry. */
	static List<String> problems(List<PinnedDocument> configured) {
		List<String> problems = new ArrayList<>();
		read(configured, problems);
		return problems;
	}

	private static Map<String, Pinned> read(List<PinnedDocument> configured, List<String> problems) {
		Map<String, Pinned> byUrl = new LinkedHashMap<>();
		Map<String, PinnedDocument> shipped = new LinkedHashMap<>();
		for (PinnedDocument document : SHIPPED) {
			shipped.put(document.clientId(), document);
			byUrl.put(document.clientId(), check(document, document.document()));
		}
		List<String> seen = new ArrayList<>();
		for (int i = 0; i < configured.size(); i++) {
			PinnedDocument entry = configured.get(i);
			String name = SETTING + "[" + i + "]";
			String url = entry.clientId();
			if (url == null || url.isBlank()) {
				problems.add(name + ".client-id is required: the https URL the client uses as its client_id");
				continue;
			}
			name += " (" + url + ")";
			if (seen.contains(url)) {
				problems.add(name + " is listed twice; keep one entry per client");
				continue;
			}
			seen.add(url);
			try {
				ClientMetadataDocuments.checkedUrl(url);
				PinnedDocument base = shipped.get(url);
				String body = body(entry, base);
				String copiedOn = entry.copiedOn() != null ? checkedDate(entry.copiedOn(), name)
						: entry.documentFile() == null && entry.document() == null && base != null ? base.copiedOn() : null;
				byUrl.put(url, check(new PinnedDocument(url, null, body, copiedOn, entry.fetch()), body));
			}
			catch (DocumentException | IllegalArgumentException e) {
				problems.add(name + ": " + e.getMessage());
			}
		}
		return byUrl;
	}

	private static String body(PinnedDocument entry, @Nullable PinnedDocument shipped) {
		if (entry.documentFile() != null && entry.document() != null) {
			throw new IllegalArgumentException("set document-file or document, not both");
		}
		if (entry.document() != null) {
			return entry.document();
		}
		if (entry.documentFile() == null) {
			if (shipped == null) {
				throw new IllegalArgumentException("set document-file (a file holding the client's metadata document) "
						+ "or document (the JSON inline); only " + SHIPPED.stream().map(PinnedDocument::clientId).toList()
						+ " have a copy shipped with the gateway");
			}
			return shipped.document();
		}
		Path file = entry.documentFile();
		try {
			if (Files.size(file) > ClientMetadataDocuments.MAX_DOCUMENT_BYTES) {
				throw new IllegalArgumentException("document-file " + file + " is larger than "
						+ ClientMetadataDocuments.MAX_DOCUMENT_BYTES + " bytes, the limit for a fetched document too");
			}
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new IllegalArgumentException("document-file " + file + " cannot be read; mount the document there");
		}
	}

	private static String checkedDate(String date, String name) {
		try {
			return LocalDate.parse(date).toString();
		}
		catch (DateTimeParseException e) {
			throw new IllegalArgumentException("copied-on must be a date such as 2026-10-05, it is " + date);
		}
	}

	/** The same checks as a fetched document (its own URL, a public client, safe redirect URIs). */
	private static Pinned check(PinnedDocument document, @Nullable String body) {
		RegisteredClient client = ClientMetadata.document(document.clientId(), body == null ? "" : body);
		return new Pinned(client, document.copiedOn(), document.fetch());
	}

	@Nullable Pinned get(String url) {
		return this.byUrl.get(url);
	}

	/**
	 * The pinned copy standing in for {@code url}, with the notice for the consent page; the log says so once
	 * per {@link #LOG_INTERVAL} for each client, not on every sign-in.
	 *
	 * @param reason why the live document was not used
	 */
	Resolved standIn(String url, Pinned pinned, String reason) {
		String copy = "the gateway's pinned copy" + (pinned.copiedOn() == null ? "" : " of " + pinned.copiedOn());
		long now = System.nanoTime();
		Long last = this.lastLogged.get(url);
		if ((last == null || now - last >= LOG_INTERVAL.toNanos())
				&& (last == null ? this.lastLogged.putIfAbsent(url, now) == null : this.lastLogged.replace(url, last, now))) {
			String line = "Signing in client {} with {}: it {} (logged once per {} minutes per client)";
			if (pinned.fetch()) {
				log.warn(line, url, copy, reason, LOG_INTERVAL.toMinutes());
			}
			else {
				log.info(line, url, copy, reason, LOG_INTERVAL.toMinutes());
			}
		}
		return new Resolved(pinned.client(), "This client's registration was read from " + copy + " because " + url
				+ " " + reason + ".");
	}

	/** What to configure when {@code url} cannot be fetched and no copy is pinned, for the error page. */
	static String howToFix(String url) {
		return "the gateway's operator can allow it to reach " + RedirectUris.host(url) + " over HTTPS, or pin this "
				+ "client's document in " + SETTING;
	}

	private static PinnedDocument shipped(String url, String resource, String copiedOn) {
		try (InputStream in = PinnedClients.class.getResourceAsStream("/pinned-clients/" + resource)) {
			if (in == null) {
				throw new IllegalStateException("the shipped copy /pinned-clients/" + resource + " is missing");
			}
			return new PinnedDocument(url, null, new String(in.readAllBytes(), StandardCharsets.UTF_8), copiedOn, true);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
