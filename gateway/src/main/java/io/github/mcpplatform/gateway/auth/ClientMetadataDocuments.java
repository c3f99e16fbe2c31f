package io.github.mcpplatform.gateway.auth;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import io.netty.handler.ssl.SslContext;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Clients that identify themselves by a URL: the {@code client_id} is an https URL where the client publishes
 * its metadata (name, redirect URIs), so it needs no registration. The gateway fetches the document safely
 * (public addresses only, pinned, no redirects, 5 KB, a timeout), checks it, and caches it as the response's
 * {@code Cache-Control} allows, in the store so that every replica shares it.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#client-id-metadata-documents">MCP:
 *     Client ID Metadata Documents</a>
 * @see <a href="https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/">draft-ietf-oauth-client-id-metadata-document</a>
 */
final class ClientMetadataDocuments {

	private static final Logger log = LoggerFactory.getLogger(ClientMetadataDocuments.class);

	static final int MAX_DOCUMENT_BYTES = 5 * 1024;

	static final Duration DEFAULT_CACHE = Duration.ofMinutes(5);

	static final Duration MAX_CACHE = Duration.ofHours(24);

	private static final String CACHE = "cimd:";

	private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})");

	/** Why a document cannot be used; the message is shown to the person signing in. */
	static final class DocumentException extends RuntimeException {

		/**
		 * Why the vendor's site did not answer with the document (unreachable, too slow, a bot challenge or a
		 * server error), when that is the failure: a pinned copy may then stand in. Null when the site answered
		 * and the answer is what counts (404, a redirect, an invalid document).
		 */
		final @Nullable String unreachable;

		DocumentException(String message) {
			this(message, null);
		}

		DocumentException(String message, @Nullable String unreachable) {
			super(message, null, false, false);
			this.unreachable = unreachable;
		}

	}

	private final AuthRecords records;

	private final PublicAddresses addresses;

	private final SslContext ssl;

	private final Duration timeout;

	private final int fetchesPerMinute;

	private final PinnedClients pinned;

	/**
	 * @param fetchesPerMinute documents one address may make the gateway fetch per minute (cached ones are
	 *     free), so that nobody uses it to send requests elsewhere
	 * @param pinned the copies that stand in when a document cannot be fetched
	 */
	ClientMetadataDocuments(AuthRecords records, PublicAddresses addresses, SslContext ssl, Duration timeout,
			int fetchesPerMinute, PinnedClients pinned) {
		this.records = records;
		this.pinned = pinned;
		this.addresses = addresses;
		this.ssl = ssl;
		this.timeout = timeout;
		this.fetchesPerMinute = fetchesPerMinute;
	}

	/** Whether {@code clientId} names a metadata document rather than a registered client. */
	static boolean isDocumentUrl(String clientId) {
		return clientId.regionMatches(true, 0, "https://", 0, 8) || clientId.regionMatches(true, 0, "http://", 0, 7);
	}

	/**
	 * The client whose document {@code url} is: from the cache, or fetched and checked; or its pinned copy
	 * when the fetch fails for want of an answer, or when that copy is set never to be fetched.
	 *
	 * @param requester the address of whoever asked, for the rate limit
	 */
	Mono<PinnedClients.Resolved> client(String url, String requester) {
		URI uri;
		try {
			uri = checkedUrl(url);
		}
		catch (DocumentException e) {
			return Mono.error(e);
		}
		PinnedClients.Pinned pinned = this.pinned.get(url);
		if (pinned != null && !pinned.fetch()) {
			return Mono.just(this.pinned.standIn(url, pinned, "is not fetched by this gateway (fetch: false)"));
		}
		Mono<PinnedClients.Resolved> fetched = fetch(uri, url).map(PinnedClients.Resolved::live)
			.onErrorResume(DocumentException.class, failed -> failed.unreachable == null ? Mono.error(failed)
					: pinned != null ? Mono.just(this.pinned.standIn(url, pinned, "could not be fetched: " + failed.unreachable))
					: Mono.defer(() -> {
						log.info("Could not fetch the client metadata document {}, and no copy of it is pinned: {}", url,
								failed.unreachable);
						return Mono.error(new DocumentException(failed.getMessage() + "; " + PinnedClients.howToFix(url)));
					}));
		return this.records.get(CACHE + Secrets.hash(url), RegisteredClient.class)
			.map(PinnedClients.Resolved::live)
			.switchIfEmpty(Mono.defer(() -> this.records.withinRate("cimd", requester, this.fetchesPerMinute)
				// The limit guards the fetches; a pinned copy costs none.
				.flatMap(allowed -> allowed ? fetched : pinned != null ? Mono.just(this.pinned.standIn(url, pinned,
						"was not fetched: too many client documents were fetched for this address in the last minute"))
						: Mono.error(new DocumentException(
								"too many client documents fetched for this address; try again in a minute")))));
	}

	/** The URL rules of the draft (section 3): https, a path, no dot segments, no fragment, no user info. */
	static URI checkedUrl(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException e) {
			throw new DocumentException("the client_id is not a valid URL");
		}
		if (url.length() > RedirectUris.MAX_LENGTH) {
			throw new DocumentException("the client_id URL is longer than " + RedirectUris.MAX_LENGTH + " characters");
		}
		if (!"https".equalsIgnoreCase(uri.getScheme())) {
			throw new DocumentException("a client_id URL must be https");
		}
		if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
			throw new DocumentException("a client_id URL needs a host and no user info or fragment");
		}
		String path = uri.getRawPath();
		if (path == null || path.isEmpty() || "/".equals(path)) {
			throw new DocumentException("a client_id URL must have a path (the document's location)");
		}
		for (String segment : path.split("/", -1)) {
			if (".".equals(segment) || "..".equals(segment)) {
				throw new DocumentException("a client_id URL must not have . or .. path segments");
			}
		}
		return uri;
	}

	private Mono<RegisteredClient> fetch(URI uri, String url) {
		String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
		return Mono.fromCallable(() -> InetAddress.getAllByName(host))
			// The JDK resolver blocks (and honours /etc/hosts like the rest of the JVM): off the event loop.
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorMap(UnknownHostException.class,
					e -> new DocumentException("the host " + host + " is unknown", "its host " + host + " is unknown"))
			.flatMap(found -> {
				List<InetAddress> refused = this.addresses.refused(found);
				if (!refused.isEmpty()) {
					log.warn("Refused to fetch the client metadata document {}: {} resolves to a non-public address ({})",
							url, host, refused.stream().map(PublicAddresses::describe).collect(Collectors.joining(", ")));
					return Mono.error(new DocumentException(
							"the client_id's host is not on the public internet, and the gateway fetches only from there",
							"its host resolves to an address off the public internet"));
				}
				return get(uri, url, new PinnedResolver(host, found[0]));
			});
	}

	private Mono<RegisteredClient> get(URI uri, String url, PinnedResolver resolver) {
		// One connection per fetch, never pooled: each fetch pins its own checked address.
		HttpClient http = HttpClient.create(ConnectionProvider.newConnection())
			.resolver(resolver)
			.followRedirect(false)
			.responseTimeout(this.timeout)
			.secure(spec -> spec.sslContext(this.ssl).handlerConfigurator(handler -> verifyHostName(handler.engine())));
		WebClient web = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(http))
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_DOCUMENT_BYTES))
			.build();
		return web.get()
			.uri(uri)
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono(response -> {
				int status = response.statusCode().value();
				if (status != 200) {
					// 403 and 429 are what bot defences answer datacenter addresses; 408 and 5xx are the site's trouble.
					boolean noAnswer = status == 403 || status == 408 || status == 429 || status >= 500;
					return response.releaseBody()
						.then(Mono.error(new DocumentException("the client's metadata document answered HTTP " + status
								+ " (it must answer 200, without redirects)", noAnswer ? "it answered HTTP " + status : null)));
				}
				String cacheControl = response.headers().asHttpHeaders().getFirst(HttpHeaders.CACHE_CONTROL);
				return response.bodyToMono(String.class)
					.defaultIfEmpty("")
					.map(body -> new Fetched(ClientMetadata.document(url, body), cacheFor(cacheControl)));
			})
			.timeout(this.timeout.multipliedBy(2))
			.onErrorMap(DataBufferLimitException.class,
					e -> new DocumentException("the client's metadata document is larger than " + MAX_DOCUMENT_BYTES + " bytes"))
			.onErrorMap(e -> !(e instanceof DocumentException), e -> {
				log.debug("Could not fetch the client metadata document {}: {}", url, e.toString());
				return new DocumentException("the client's metadata document could not be fetched (" + reason(e) + ")",
						reason(e));
			})
			.flatMap(fetched -> fetched.cacheFor().isZero() ? Mono.just(fetched.client())
					: this.records.put(CACHE + Secrets.hash(url), fetched.client(), fetched.cacheFor())
						.thenReturn(fetched.client()));
	}

	private record Fetched(RegisteredClient client, Duration cacheFor) {
	}

	/** How long a response may be reused: its max-age (at most a day), nothing for no-store or no-cache. */
	static Duration cacheFor(@Nullable String cacheControl) {
		if (cacheControl == null) {
			return DEFAULT_CACHE;
		}
		String directives = cacheControl.toLowerCase(Locale.ROOT);
		if (directives.contains("no-store") || directives.contains("no-cache")) {
			return Duration.ZERO;
		}
		Matcher maxAge = MAX_AGE.matcher(directives);
		if (!maxAge.find()) {
			return DEFAULT_CACHE;
		}
		Duration seconds = Duration.ofSeconds(Long.parseLong(maxAge.group(1)));
		return seconds.compareTo(MAX_CACHE) > 0 ? MAX_CACHE : seconds;
	}

	private static void verifyHostName(SSLEngine engine) {
		SSLParameters parameters = engine.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		engine.setSSLParameters(parameters);
	}

	private static String reason(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof javax.net.ssl.SSLException || cause instanceof java.security.cert.CertificateException) {
				return "its TLS certificate is not valid for the host or not from a trusted authority";
			}
			if (cause instanceof java.util.concurrent.TimeoutException
					|| cause instanceof io.netty.handler.timeout.ReadTimeoutException) {
				return "no answer in time";
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return "the host could not be reached";
	}

}
