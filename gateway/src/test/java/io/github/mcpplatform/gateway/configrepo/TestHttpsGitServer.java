package io.github.mcpplatform.gateway.configrepo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.github.mcpplatform.gateway.TestCertificates;

/**
 * A real Git server over HTTPS on loopback: the JDK's HTTPS server in front of {@code git http-backend} (Git's
 * own smart HTTP server, run as CGI), serving the repositories under a directory to whoever presents the
 * token with HTTP Basic authentication, as GitHub and GitLab take access tokens.
 */
final class TestHttpsGitServer implements AutoCloseable {

	static final String USER = "x-access-token";

	private final HttpsServer server;

	private final Path root;

	private final String token;

	TestHttpsGitServer(Path root, String token, TestCertificates certificates) throws IOException {
		this.root = root;
		this.token = token;
		this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setHttpsConfigurator(new HttpsConfigurator(certificates.jdkServer()));
		this.server.setExecutor(Executors.newFixedThreadPool(4));
		this.server.createContext("/", this::serve);
		this.server.start();
	}

	/** The URL of the repository {@code name} (a directory under the root), by the name the certificate carries. */
	String url(String name) {
		return "https://localhost:" + this.server.getAddress().getPort() + "/" + name;
	}

	private void serve(HttpExchange exchange) throws IOException {
		try (exchange) {
			String expected = "Basic " + Base64.getEncoder()
				.encodeToString((USER + ":" + this.token).getBytes(StandardCharsets.UTF_8));
			if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
				exchange.sendResponseHeaders(401, -1);
				return;
			}
			byte[] body = exchange.getRequestBody().readAllBytes();
			ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
			Map<String, String> env = cgi.environment();
			env.put("GIT_PROJECT_ROOT", this.root.toString());
			env.put("GIT_HTTP_EXPORT_ALL", "1");
			env.put("REQUEST_METHOD", exchange.getRequestMethod());
			env.put("PATH_INFO", exchange.getRequestURI().getPath());
			env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
			env.put("CONTENT_LENGTH", String.valueOf(body.length));
			env.put("REMOTE_USER", USER);
			env.put("REMOTE_ADDR", "127.0.0.1");
			header(exchange, "Content-Type", env, "CONTENT_TYPE");
			header(exchange, "Content-Encoding", env, "HTTP_CONTENT_ENCODING");
			header(exchange, "Git-Protocol", env, "GIT_PROTOCOL");
			cgi.redirectError(ProcessBuilder.Redirect.DISCARD);
			Process process = cgi.start();
			try (OutputStream in = process.getOutputStream()) {
				in.write(body);
			}
			byte[] output;
			try (InputStream out = process.getInputStream()) {
				output = out.readAllBytes();
			}
			process.waitFor(10, TimeUnit.SECONDS);
			respond(exchange, output);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			exchange.sendResponseHeaders(500, -1);
		}
	}

	private static void header(HttpExchange exchange, String name, Map<String, String> env, String variable) {
		String value = exchange.getRequestHeaders().getFirst(name);
		if (value != null) {
			env.put(variable, value);
		}
	}

	/** A CGI response: headers (with an optional {@code Status}), a blank line, the body. */
	private static void respond(HttpExchange exchange, byte[] output) throws IOException {
		String text = new String(output, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		int separator = 4;
		if (end < 0) {
			end = text.indexOf("\n\n");
			separator = 2;
		}
		int status = 200;
		for (String line : text.substring(0, Math.max(end, 0)).split("\r?\n")) {
			int colon = line.indexOf(':');
			if (colon <= 0) {
				continue;
			}
			String name = line.substring(0, colon).trim();
			String value = line.substring(colon + 1).trim();
			if (name.equalsIgnoreCase("Status")) {
				status = Integer.parseInt(value.split(" ")[0]);
			}
			else {
				exchange.getResponseHeaders().add(name, value);
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(output, end + separator, output.length - end - separator);
		exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
		if (body.size() > 0) {
			exchange.getResponseBody().write(body.toByteArray());
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		((java.util.concurrent.ExecutorService) this.server.getExecutor()).shutdownNow();
	}

}
