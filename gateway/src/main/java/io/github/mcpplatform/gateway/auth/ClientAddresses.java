package io.github.mcpplatform.gateway.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The address a request came from, as the key of the per-address limits. Without trusted proxies it is the
 * TCP peer. When the peer is a trusted proxy (the ingress controller), the client is the right-most address
 * of the forwarding header that is not itself a trusted proxy: each proxy appends the address it saw, so
 * that one was written by a proxy we trust, while anything to its left may be made up by the client. A
 * header from a peer that is not trusted is ignored for the same reason.
 *
 * <p>
 * IPv6 clients are keyed by their /64: one host commonly holds a whole /64, and would otherwise get a fresh
 * allowance with every address.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7239#section-7.4">RFC 7239 section 7.4 (Forwarded)</a>
 */
public final class ClientAddresses {

	/** The header the trusted proxies write the client's address to. */
	public enum Header {

		/** {@code X-Forwarded-For}: ingress-nginx, Traefik, Envoy and most load balancers. */
		X_FORWARDED_FOR("X-Forwarded-For"),

		/** {@code Forwarded} (RFC 7239). */
		FORWARDED("Forwarded");

		private final String name;

		Header(String name) {
			this.name = name;
		}

	}

	private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private final List<PublicAddresses.Cidr> trustedProxies;

	private final Header header;

	/**
	 * @param trustedProxies CIDR ranges of the proxies in front of the gateway (checked by {@link #problem})
	 * @param header where those proxies put the client's address
	 */
	public ClientAddresses(List<String> trustedProxies, Header header) {
		this.trustedProxies = trustedProxies.stream().map(PublicAddresses.Cidr::parse).toList();
		this.header = header;
	}

	/** The TCP peer, whatever the headers say. */
	static ClientAddresses peerOnly() {
		return new ClientAddresses(List.of(), Header.X_FORWARDED_FOR);
	}

	/** Why {@code cidr} cannot be a trusted proxy range, or null when it can. */
	public static @Nullable String problem(String cidr) {
		String problem = PublicAddresses.problem(cidr);
		if (problem != null) {
			return problem;
		}
		if (PublicAddresses.Cidr.parse(cidr).prefix() == 0) {
			return cidr + " trusts every address, so any client could choose the address it is counted as";
		}
		return null;
	}

	/** The client's address (an IPv6 client's /64), or {@code unknown}. */
	String of(ServerRequest request) {
		InetAddress client = request.remoteAddress().map(InetSocketAddress::getAddress).orElse(null);
		if (client == null) {
			return "unknown";
		}
		if (trusted(client)) {
			List<String> hops = hops(request.headers().header(this.header.name));
			for (int i = hops.size() - 1; i >= 0; i--) {
				InetAddress hop = literal(hops.get(i));
				if (hop == null) {
					// "unknown" or an obfuscated name: the nearest proxy we trust is all we know.
					break;
				}
				client = hop;
				if (!trusted(hop)) {
					break;
				}
			}
		}
		return key(client);
	}

	private boolean trusted(InetAddress address) {
		return this.trustedProxies.stream().anyMatch(range -> range.contains(address));
	}

	/** The addresses of every header line, left to right, each without quotes, brackets or port. */
	private List<String> hops(List<String> lines) {
		List<String> hops = new ArrayList<>();
		for (String line : lines) {
			for (String element : line.split(",")) {
				String node = this.header == Header.FORWARDED ? forParameter(element) : element.trim();
				hops.add(node == null ? "" : withoutPort(node));
			}
		}
		return hops;
	}

	/** The {@code for} parameter of one RFC 7239 forwarded-element, unquoted. */
	private static @Nullable String forParameter(String element) {
		for (String pair : element.split(";")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && "for".equals(pair.substring(0, equals).trim().toLowerCase(Locale.ROOT))) {
				String value = pair.substring(equals + 1).trim();
				return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
						? value.substring(1, value.length() - 1) : value;
			}
		}
		return null;
	}

	private static String withoutPort(String node) {
		if (node.startsWith("[")) {
			int close = node.indexOf(']');
			return close < 0 ? "" : node.substring(1, close);
		}
		int colon = node.indexOf(':');
		return colon >= 0 && colon == node.lastIndexOf(':') ? node.substring(0, colon) : node;
	}

	/** The address an IP literal names; null for anything else (never a DNS lookup). */
	private static @Nullable InetAddress literal(String text) {
		try {
			if (IPV4.matcher(text).matches()) {
				byte[] bytes = new byte[4];
				String[] octets = text.split("\\.");
				for (int i = 0; i < 4; i++) {
					int octet = Integer.parseInt(octets[i]);
					if (octet > 255) {
						return null;
					}
					bytes[i] = (byte) octet;
				}
				return InetAddress.getByAddress(bytes);
			}
			// With a colon the JDK parses an IPv6 literal or refuses; it never resolves it as a name.
			return IPV6.matcher(text).matches() ? InetAddress.getByName(text) : null;
		}
		catch (UnknownHostException e) {
			return null;
		}
	}

	private static String key(InetAddress address) {
		if (address instanceof Inet6Address) {
			byte[] network = Arrays.copyOf(address.getAddress(), 16);
			Arrays.fill(network, 8, 16, (byte) 0);
			try {
				return InetAddress.getByAddress(network).getHostAddress() + "/64";
			}
			catch (UnknownHostException e) {
				throw new IllegalStateException("16 bytes are an IPv6 address", e);
			}
		}
		return address.getHostAddress();
	}

}
