package io.github.mcpplatform.gateway.stdio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpplatform.gateway.protocol.JsonRpc;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One running process of a stdio backend, and the three threads that serve it: one writes messages to its stdin
 * in the order they were sent, one reads its stdout as newline-delimited JSON-RPC, one logs its stderr
 * ({@link StderrLog}).
 *
 * <p>
 * MCP's stdio transport forbids a server to write anything to stdout that is not a valid MCP message. A line that
 * is not one JSON object, or that is longer than {@code gateway.backends.stdio.max-message-size}, therefore marks
 * the process broken: what follows cannot be trusted to start at a message boundary, so the process is stopped
 * (and its supervisor starts a new one after its backoff). The line is logged only by its length and first
 * characters.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio">MCP: stdio</a>
 */
final class StdioProcess {

	private static final Logger log = LoggerFactory.getLogger(StdioProcess.class);

	/** How much of a line that is not JSON-RPC goes to the log. */
	private static final int QUOTED = 40;

	/** Ends the writer thread. */
	private static final Outgoing STOP = new Outgoing(new byte[0], new CompletableFuture<>());

	private final String backend;

	private final Process process;

	private final StdioSettings settings;

	private final Instant started = Instant.now();

	private final BlockingQueue<Outgoing> outgoing = new LinkedBlockingQueue<>();

	private final AtomicBoolean ended = new AtomicBoolean();

	private final CompletableFuture<String> end = new CompletableFuture<>();

	private volatile @Nullable String brokenBecause;

	/** Done when the reader has handed on everything the process wrote (or gave up). */
	private final CompletableFuture<Void> drained = new CompletableFuture<>();

	private record Outgoing(byte[] line, CompletableFuture<Void> written) {
	}

	private StdioProcess(String backend, Process process, StdioSettings settings) {
		this.backend = backend;
		this.process = process;
		this.settings = settings;
	}

	/**
	 * Starts the process (blocking: run it on {@code threads}) and the threads that serve it.
	 *
	 * @param onMessage gets each JSON-RPC message the process writes, on its reader thread, in order
	 * @param onEnd gets, once, why the process is gone (exited, broken, stopped), when it is
	 * @throws IOException when the command cannot be started
	 * @throws java.util.concurrent.RejectedExecutionException when {@code threads} has no room for three more
	 */
	static StdioProcess start(String backend, List<String> command, Map<String, String> environment,
			StdioSettings settings, ExecutorService threads, Consumer<ObjectNode> onMessage, Consumer<String> onEnd)
			throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().clear();
		builder.environment().putAll(environment);
		Process process = builder.start();
		StdioProcess started = new StdioProcess(backend, process, settings);
		started.end.thenAccept(onEnd);
		try {
			threads.execute(started::write);
			threads.execute(() -> started.read(onMessage));
			threads.execute(() -> new StderrLog(backend, process.pid(), settings.stderrLinesPerMinute())
				.drain(process.getErrorStream()));
		}
		catch (RuntimeException full) {
			process.destroyForcibly();
			started.outgoing.add(STOP);
			throw full;
		}
		// The answers a process wrote before it exited are handed on before its end is told (within a second: a
		// child it left behind may hold its stdout open).
		process.onExit().thenCompose(exited -> started.drained.completeOnTimeout(null, 1, TimeUnit.SECONDS)
			.thenApply(drained -> exited)).thenAccept(exited -> started.ended(started.brokenBecause != null ? started.brokenBecause
				: "its process exited with code " + exited.exitValue()));
		log.info("Backend {}: started its process (pid {}): {}", backend, process.pid(), command.get(0));
		return started;
	}

	long pid() {
		return this.process.pid();
	}

	Instant started() {
		return this.started;
	}

	boolean isAlive() {
		return !this.ended.get();
	}

	/** Writes one message as one line; fails when the process is gone. */
	Mono<Void> send(ObjectNode message) {
		return Mono.defer(() -> {
			// Jackson escapes line breaks inside strings, so the message is one line.
			Outgoing line = new Outgoing(JsonRpc.JSON.writeValueAsBytes(message), new CompletableFuture<>());
			// Under the lock that ends the process: a line is queued before the writer's last one, or refused.
			synchronized (this.outgoing) {
				if (this.ended.get()) {
					return Mono.error(new IllegalStateException(this.end.getNow("its process is gone")));
				}
				this.outgoing.add(line);
			}
			return Mono.fromFuture(line.written());
		});
	}

	/**
	 * Stops the process as MCP's stdio transport asks: its stdin closed and SIGTERM, then, after the grace, SIGKILL
	 * (its own children too). Completes once it has exited; never fails.
	 */
	Mono<Void> stop(String why) {
		return Mono.defer(() -> {
			ended(why);
			List<ProcessHandle> children = this.process.descendants().toList();
			this.process.destroy();
			children.forEach(ProcessHandle::destroy);
			return Mono.fromFuture(this.process.onExit())
				.timeout(this.settings.stopGrace())
				.onErrorResume(late -> {
					log.warn("Backend {}: its process (pid {}) did not exit within {} of SIGTERM: killed", this.backend,
							this.process.pid(), this.settings.stopGrace());
					this.process.destroyForcibly();
					return Mono.fromFuture(this.process.onExit());
				})
				.doOnNext(exited -> children.forEach(ProcessHandle::destroyForcibly))
				.then();
		});
	}

	private void ended(String why) {
		boolean first;
		synchronized (this.outgoing) {
			first = this.ended.compareAndSet(false, true);
			if (first) {
				this.outgoing.add(STOP);
			}
		}
		if (first) {
			this.end.complete(why);
		}
	}

	private void write() {
		OutputStream stdin = this.process.getOutputStream();
		try (stdin) {
			while (true) {
				Outgoing next = this.outgoing.take();
				if (next == STOP) {
					break;
				}
				try {
					stdin.write(next.line());
					stdin.write('\n');
					stdin.flush();
					next.written().complete(null);
				}
				catch (IOException e) {
					// Most often the process has exited: say so (with its exit code) once that is known.
					this.end.copy()
						.completeOnTimeout("its process stopped reading its stdin", 2, TimeUnit.SECONDS)
						.thenAccept(why -> next.written().completeExceptionally(new IllegalStateException(why)));
				}
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		catch (IOException e) {
			// Closing a pipe whose reader is gone: nothing left to tell it.
		}
		this.outgoing.forEach(left -> left.written().completeExceptionally(new IllegalStateException(
				this.end.getNow("its process is gone"))));
	}

	private void read(Consumer<ObjectNode> onMessage) {
		int max = Math.toIntExact(this.settings.maxMessageSize().toBytes());
		try (InputStream stdout = this.process.getInputStream()) {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			int read;
			while ((read = stdout.read(buffer)) != -1) {
				int start = 0;
				for (int i = 0; i < read; i++) {
					if (buffer[i] == '\n') {
						line.write(buffer, start, i - start);
						start = i + 1;
						if (!take(line.toByteArray(), onMessage)) {
							return;
						}
						line.reset();
					}
				}
				line.write(buffer, start, read - start);
				if (line.size() > max) {
					broken("wrote a line of more than " + this.settings.maxMessageSize() + " to stdout", null);
					return;
				}
			}
		}
		catch (IOException e) {
			// The process is gone; onExit says how.
		}
		finally {
			this.drained.complete(null);
		}
	}

	/** Hands on one line; false when it breaks the process. */
	private boolean take(byte[] line, Consumer<ObjectNode> onMessage) {
		if (line.length > this.settings.maxMessageSize().toBytes()) {
			broken("wrote a line of more than " + this.settings.maxMessageSize() + " to stdout", null);
			return false;
		}
		String text = new String(line, StandardCharsets.UTF_8).strip();
		if (text.isEmpty()) {
			return true;
		}
		JsonNode message;
		try {
			message = JsonRpc.JSON.readTree(text);
		}
		catch (JacksonException e) {
			message = null;
		}
		if (!(message instanceof ObjectNode object)) {
			broken("wrote a line to stdout that is not a JSON-RPC message", text);
			return false;
		}
		try {
			onMessage.accept(object);
		}
		catch (RuntimeException e) {
			log.warn("Backend {}: a message of its process could not be handled", this.backend, e);
		}
		return true;
	}

	private void broken(String what, @Nullable String line) {
		this.brokenBecause = "its process " + what + " (MCP's stdio transport allows only JSON-RPC messages there)";
		log.warn("Backend {}: its process (pid {}) {}{}: stopping it", this.backend, this.process.pid(), what,
				line == null ? "" : " (" + line.length() + " characters, starting '" + StderrLog.printable(line, QUOTED) + "')");
		stop(this.brokenBecause).subscribe();
	}

	/** Whether it ran long enough that its end says nothing about the next start (resets the backoff). */
	boolean ranFor(Duration duration) {
		return Duration.between(this.started, Instant.now()).compareTo(duration) >= 0;
	}

}
