package io.github.mcpplatform.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

/** The marks of a call's outcome, found in an answer however its bytes are cut into chunks, and left unread. */
class AnswerScanTests {

	@Test
	void aToolErrorSplitAcrossChunksIsFoundAndTheChunksAreNotConsumed() {
		AnswerScan scan = new AnswerScan();
		DataBuffer first = chunk("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[],\"isEr");
		DataBuffer second = chunk("ror\":true}}\n\n");

		scan.feed(first);
		scan.feed(second);

		assertThat(scan.sawToolError()).isTrue();
		assertThat(scan.sawJsonRpcError()).isFalse();
		assertThat(first.readableByteCount()).as("still unread").isGreaterThan(0);
		assertThat(first.toString(StandardCharsets.UTF_8)).startsWith("event: message");
	}

	@Test
	void aJsonRpcErrorIsFoundByteByByte() {
		AnswerScan scan = new AnswerScan();
		for (char c : "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"bad\"}}".toCharArray()) {
			scan.feed(chunk(String.valueOf(c)));
		}

		assertThat(scan.sawJsonRpcError()).isTrue();
		assertThat(scan.sawToolError()).isFalse();
	}

	@Test
	void aResultThatMerelyMentionsErrorsIsNeither() {
		AnswerScan scan = new AnswerScan();
		scan.feed(chunk("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"isError\":false,\"content\":[{\"type\":\"text\","
				+ "\"text\":\"{\\\"error\\\":{\\\"code\\\":1},\\\"isError\\\":true}\"}]}}"));

		assertThat(scan.sawToolError()).isFalse();
		assertThat(scan.sawJsonRpcError()).isFalse();
	}

	private static DataBuffer chunk(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

}
