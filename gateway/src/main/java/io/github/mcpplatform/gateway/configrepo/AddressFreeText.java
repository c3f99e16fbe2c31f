package io.github.mcpplatform.gateway.configrepo;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A backend's problem as the status endpoint shows it: the network library's message with the backend's
 * address taken out (URLs, {@code host/1.2.3.4:port}, {@code 1.2.3.4:port}, {@code [v6]:port}). Backend URLs are
 * internal addresses; the gateway's log keeps them, for the operator.
 */
final class AddressFreeText {

	private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s)'\"]+");

	private static final Pattern SOCKET = Pattern
		.compile("[\\w.-]*/?(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.%\\w]+\\])(?::\\d{1,5})?");

	private AddressFreeText() {
	}

	static @Nullable String of(@Nullable String problem) {
		if (problem == null) {
			return null;
		}
		return SOCKET.matcher(URL.matcher(problem).replaceAll("<backend URL>")).replaceAll("<backend address>");
	}

}
