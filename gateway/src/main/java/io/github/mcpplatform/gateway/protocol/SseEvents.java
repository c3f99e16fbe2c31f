package io.github.mcpplatform.gateway.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Cuts a byte stream into whole server-sent events (each ends with a blank line), whatever the chunking, and
 * reads an event's data. One instance per stream.
 *
 * @see <a href="https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream">SSE
 *     event stream format</a>
 */
public final class SseEvents {

	private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] EVENT_END_CRLF = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

	/** The events this chunk completes, each with its final blank line. */
	public List<byte[]> feed(byte[] chunk) {
		this.pending.writeBytes(chunk);
		byte[] all = this.pending.toByteArray();
		List<byte[]> events = new ArrayList<>(1);
		int start = 0;
		while (true) {
			int end = indexOf(all, EVENT_END, start);
			int endCrlf = indexOf(all, EVENT_END_CRLF, start);
			if (end < 0 && endCrlf < 0) {
				break;
			}
			int cut = endCrlf >= 0 && (end < 0 || endCrlf < end) ? endCrlf + EVENT_END_CRLF.length : end + EVENT_END.length;
			events.add(Arrays.copyOfRange(all, start, cut));
			start = cut;
		}
		this.pending.reset();
		this.pending.write(all, start, all.length - start);
		return events;
	}

	/** How many bytes wait for the end of their event: bounds what a stream may make the reader hold. */
	public int pendingBytes() {
		return this.pending.size();
	}

	/** What is left when the stream ends (an event without its final blank line). */
	public List<byte[]> rest() {
		byte[] rest = this.pending.toByteArray();
		this.pending.reset();
		return rest.length == 0 ? List.of() : List.of(rest);
	}

	/** An event's data: its {@code data:} lines, joined with line feeds. */
	public static String data(String event) {
		StringBuilder data = new StringBuilder();
		for (String line : event.split("\r\n|\n|\r")) {
			if (line.startsWith("data:")) {
				data.append(data.isEmpty() ? "" : "\n").append(line.substring(line.startsWith("data: ") ? 6 : 5));
			}
		}
		return data.toString();
	}

	/** An event's type: its {@code event:} field, {@code message} when it has none. */
	public static String type(String event) {
		for (String line : event.split("\r\n|\n|\r")) {
			if (line.startsWith("event:")) {
				return line.substring(6).strip();
			}
		}
		return "message";
	}

	/** One JSON-RPC message as an event of type {@code message}, as MCP's transports send it. */
	public static byte[] message(String json) {
		return ("event: message\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	/** A buffer's bytes; the buffer is released. */
	public static byte[] drain(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static int indexOf(byte[] bytes, byte[] pattern, int from) {
		outer: for (int i = from; i <= bytes.length - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (bytes[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
