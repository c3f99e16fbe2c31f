package io.github.mcpplatform.gateway.openapi;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.backend.BackendCredential;
import io.github.mcpplatform.gateway.backend.BackendCredentials;
import io.github.mcpplatform.gateway.configrepo.BackendDefinition;
import io.github.mcpplatform.gateway.configrepo.BackendTransport.OpenApi;
import io.github.mcpplatform.gateway.identity.GatewayUser;
import io.github.mcpplatform.gateway.upstream.Upstream;
import io.github.mcpplatform.gateway.upstream.UpstreamKind;
import io.modelcontextprotocol.spec.McpClientTransport;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import org.springframework.http.client.reactive.ClientHttpConnector;

/**
 * The OpenAPI backends of the live config: each one's tools, converted from its document, and the last problem
 * with it. A document is read when its backend is first needed, again when the config repo changes and every
 * {@code refresh} (a spec at a URL). A document that cannot be read or converted leaves the backend with its last
 * good tools, from an earlier read or an earlier declaration of the same backend, and its problem shows in the
 * config status; with no good tools yet, the backend is down with that problem.
 *
 * <p>
 * Converting a document is work for a processor, not for an event loop: it runs on a small scheduler of its own.
 */
public final class OpenApiBackends implements UpstreamKind, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(OpenApiBackends.class);

	private final OpenApiSettings settings;

	private final BackendCredentials credentials;

	private final String serviceUser;

	private final GatewayUser service;

	private final RestCalls calls;

	private final Scheduler conversions = Schedulers.newBoundedElastic(2, 64, "openapi-convert");

	/** The last good tools of each backend, by name, with the declaration they were made for. */
	private final Map<String, Converted> converted = new ConcurrentHashMap<>();

	/** Reads under way, by declaration, so that concurrent first uses share one. */
	private final Map<BackendDefinition, Mono<ToolSet>> reading = new ConcurrentHashMap<>();

	private final Map<String, String> problems = new ConcurrentHashMap<>();

	/** Who is told when a backend's tools change: its catalog sessions. */
	private final Map<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();

	private record Converted(BackendDefinition backend, ToolSet tools) {
	}

	/**
	 * @param connector makes the requests to the APIs and fetches their documents
	 * @param serviceUser the name the gateway uses for its own requests (catalog, documents)
	 * @param service the same, as a user, for the catalog session's calls
	 */
	public OpenApiBackends(OpenApiSettings settings, ClientHttpConnector connector, BackendCredentials credentials,
			String serviceUser, GatewayUser service) {
		this.settings = settings;
		this.credentials = credentials;
		this.serviceUser = serviceUser;
		this.service = service;
		this.calls = new RestCalls(connector, Math.toIntExact(settings.maxResponseSize().toBytes()),
				Math.toIntExact(settings.maxDocumentSize().toBytes()), new Answers());
	}

	@Override
	public Upstream upstream(BackendDefinition backend) {
		return new OpenApiUpstream(backend, new OpenApiServer(backend, this));
	}

	/** The MCP client transport of the gateway's catalog session with the backend: answered in this process. */
	public McpClientTransport catalogTransport(BackendDefinition backend) {
		return new OpenApiCatalogTransport(backend, new OpenApiServer(backend, this), this.service);
	}

	/** Why the backend's document could not be read or converted the last time, or null. */
	public @Nullable String problem(String backend) {
		return this.problems.get(backend);
	}

	/**
	 * Keeps the state of the live config's OpenAPI backends and forgets the others; reads again every document at a
	 * URL (the config repo changed, and so may have what the API serves).
	 */
	public void retain(List<BackendDefinition> live) {
		Set<String> names = live.stream().map(BackendDefinition::name).collect(Collectors.toSet());
		this.converted.keySet().retainAll(names);
		this.problems.keySet().retainAll(names);
		for (BackendDefinition backend : live) {
			if (backend.enabled() && backend.transport() instanceof OpenApi openApi && !openApi.specInRepo()
					&& this.converted.containsKey(backend.name())) {
				refresh(backend).subscribe();
			}
		}
	}

	/** The backend's tools: those of its declaration, read now if need be, or the last good ones. */
	Mono<ToolSet> tools(BackendDefinition backend) {
		Converted known = this.converted.get(backend.name());
		if (known != null && known.backend().equals(backend)) {
			return Mono.just(known.tools());
		}
		return read(backend);
	}

	/** Reads the document again; tells the backend's catalog sessions when its tools changed. */
	Mono<ToolSet> refresh(BackendDefinition backend) {
		return read(backend);
	}

	/** Called when the backend's tools change, until the returned handle is run. */
	Runnable onChange(String backend, Runnable listener) {
		this.listeners.computeIfAbsent(backend, name -> new CopyOnWriteArraySet<>()).add(listener);
		return () -> this.listeners.getOrDefault(backend, Set.of()).remove(listener);
	}

	RestCalls calls() {
		return this.calls;
	}

	BackendCredentials credentials() {
		return this.credentials;
	}

	private Mono<ToolSet> read(BackendDefinition backend) {
		return this.reading.computeIfAbsent(backend, key -> convert(backend)
			.doOnNext(tools -> accept(backend, tools))
			.onErrorResume(e -> keepLastGood(backend, e))
			.doFinally(signal -> this.reading.remove(backend))
			.cache());
	}

	private void accept(BackendDefinition backend, ToolSet tools) {
		Converted previous = this.converted.put(backend.name(), new Converted(backend, tools));
		if (this.problems.remove(backend.name()) != null) {
			log.info("Backend {}: its OpenAPI document reads again", backend.name());
		}
		if (!tools.left().isEmpty()) {
			log.debug("Backend {}: operations not offered: {}", backend.name(), tools.left());
		}
		if (previous == null || !listed(previous.tools()).equals(listed(tools))) {
			log.info("Backend {}: {} tools from its OpenAPI document ({} {}), {} operations not offered", backend.name(),
					tools.tools().size(), tools.title(), tools.version(), tools.left().size());
			if (previous != null) {
				this.listeners.getOrDefault(backend.name(), Set.of()).forEach(Runnable::run);
			}
		}
	}

	private Mono<ToolSet> keepLastGood(BackendDefinition backend, Throwable e) {
		String problem = "OpenAPI document: " + (e instanceof DocumentException ? e.getMessage()
				: e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
		this.problems.put(backend.name(), problem);
		Converted last = this.converted.get(backend.name());
		if (last == null) {
			log.warn("Backend {}: {}", backend.name(), problem);
			return Mono.error(new DocumentException(problem));
		}
		log.warn("Backend {}: {}; it keeps its last good tools", backend.name(), problem);
		// The declaration is taken as served by those tools, so that the next use does not read it again at once.
		this.converted.put(backend.name(), new Converted(backend, last.tools()));
		return Mono.just(last.tools());
	}

	private static List<Object> listed(ToolSet tools) {
		return tools.tools().stream().map(tool -> (Object) tool.listed()).toList();
	}

	private Mono<ToolSet> convert(BackendDefinition backend) {
		OpenApi openApi = (OpenApi) backend.transport();
		int maxChars = Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, this.settings.maxDocumentSize().toBytes()));
		DocumentLoader loader = new DocumentLoader(maxChars);
		Mono<Documents> documents;
		if (openApi.specInRepo()) {
			documents = loader.load(URI.create("repo:/" + openApi.spec()), location -> {
				String text = openApi.documents().get(location.getPath().substring(1));
				return text != null ? Mono.just(text)
						: Mono.error(new DocumentException(Documents.display(location) + " is referenced but not in the commit"));
			});
		}
		else {
			URI spec = URI.create(openApi.spec());
			boolean apiOrigin = DocumentLoader.sameOrigin(backend.url(), spec);
			// The backend's credential goes only to the API's own origin, never to a document's host elsewhere.
			Mono<BackendCredential> credential = apiOrigin ? this.credentials.forService(this.serviceUser, backend)
					: Mono.just(BackendCredential.NONE);
			documents = credential.flatMap(sent -> loader.load(spec, location -> this.calls.document(location, sent,
					backend.timeout())));
		}
		return documents.publishOn(this.conversions)
			.map(read -> new ToolConverter(openApi, ToolNaming.budget(backend.prefix())).convert(read));
	}

	@Override
	public void close() {
		this.conversions.dispose();
	}

}
