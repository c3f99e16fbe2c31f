package io.github.mcpplatform.gateway.auth;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Which addresses the gateway may fetch a client's metadata document from: public ones only, so that a
 * {@code client_id} cannot make the gateway reach its own network (cloud metadata at 169.254.169.254, the
 * Kubernetes API, Redis). Loopback, private, link-local, shared (CGNAT), unique-local, multicast,
 * documentation and reserved ranges are refused unless the operator lists them in
 * {@code gateway.auth.client-metadata.allowed-networks}.
 *
 * @see <a href="https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/">Client ID
 *     Metadata Document, security considerations (SSRF)</a>
 */
final class PublicAddresses {

	/**
	 * Ranges that are not the public internet (RFC 6890 special-purpose registries), beyond the JDK's own
	 * tests. IPv4-mapped IPv6 addresses need no entry: the JDK turns them into IPv4 addresses.
	 */
	private static final List<Cidr> SPECIAL_PURPOSE = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
			"169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
			"198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128",
			"64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16",
			"fc00::/7", "fe80::/10", "ff00::/8")
		.stream()
		.map(Cidr::parse)
		.toList();

	private final List<Cidr> allowed;

	/**
	 * @param allowedNetworks CIDR ranges the operator allows besides the public internet (an internal
	 *     network where its own clients publish their documents)
	 */
	PublicAddresses(List<String> allowedNetworks) {
		this.allowed = allowedNetworks.stream().map(Cidr::parse).toList();
	}

	/** Why {@code cidr} is not a network range, or null when it is one. */
	static @Nullable String problem(String cidr) {
		try {
			Cidr.parse(cidr);
			return null;
		}
		catch (IllegalArgumentException e) {
			return e.getMessage();
		}
	}

	boolean allows(InetAddress address) {
		for (Cidr network : this.allowed) {
			if (network.contains(address)) {
				return true;
			}
		}
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		for (Cidr special : SPECIAL_PURPOSE) {
			if (special.contains(address)) {
				return false;
			}
		}
		return true;
	}

	/** An address range: a network address and a prefix length (also the trusted proxies of {@link ClientAddresses}). */
	record Cidr(byte[] network, int prefix) {

		static Cidr parse(String text) {
			int slash = text.indexOf('/');
			String address = slash < 0 ? text : text.substring(0, slash);
			// Only literals: resolving a host name here would be a DNS lookup at startup.
			if (!address.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
				throw new IllegalArgumentException("not an IP address range (CIDR such as 10.1.0.0/16): " + text);
			}
			byte[] bytes;
			try {
				bytes = InetAddress.getByName(address).getAddress();
			}
			catch (UnknownHostException e) {
				throw new IllegalArgumentException("not an IP address range (CIDR such as 10.1.0.0/16): " + text);
			}
			int prefix;
			try {
				prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("the prefix length of " + text + " is not a number");
			}
			if (prefix < 0 || prefix > bytes.length * 8) {
				throw new IllegalArgumentException("the prefix length of " + text + " is out of range");
			}
			return new Cidr(bytes, prefix);
		}

		boolean contains(InetAddress address) {
			byte[] candidate = address.getAddress();
			if (candidate.length != this.network.length) {
				return false;
			}
			int shift = candidate.length * 8 - this.prefix;
			return new BigInteger(1, candidate).shiftRight(shift).equals(new BigInteger(1, this.network).shiftRight(shift));
		}

	}

	/** For log lines: the family and the address. */
	static String describe(InetAddress address) {
		return (address instanceof Inet6Address ? "IPv6 " : address instanceof Inet4Address ? "IPv4 " : "")
				+ address.getHostAddress();
	}

	/** Every address in {@code addresses} that is not allowed. */
	List<InetAddress> refused(InetAddress[] addresses) {
		List<InetAddress> refused = new ArrayList<>();
		for (InetAddress address : addresses) {
			if (!allows(address)) {
				refused.add(address);
			}
		}
		return refused;
	}

}
