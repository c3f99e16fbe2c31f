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
	 * tests. IPv6 ranges that embed an IPv4 address are judged by that address first ({@link #embeddedIpv4}),
	 * and stay here for what is left of them (local-use NAT64, the rest of 2001::/23).
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
		List<Inet4Address> embedded = embeddedIpv4(address);
		if (!embedded.isEmpty()) {
			// A socket to such an address can end at the IPv4 address inside it (Netty connects to the last four
			// bytes of ::a.b.c.d; NAT64, 6to4 and Teredo relay to theirs): that address is what must be public.
			return embedded.stream().allMatch(this::allows);
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

	/**
	 * The IPv4 addresses an IPv6 address carries, by the ranges that embed one: IPv4-compatible {@code ::/96}
	 * (RFC 4291 §2.5.5.1, deprecated yet still routed by some stacks), IPv4-mapped {@code ::ffff:0:0/96},
	 * IPv4-translated {@code ::ffff:0:0:0/96} (RFC 2765), well-known NAT64 {@code 64:ff9b::/96} (RFC 6052), 6to4
	 * {@code 2002::/16} (RFC 3056) and Teredo {@code 2001::/32} (RFC 4380: its server, and its client with the
	 * bits inverted). Empty for every other address.
	 */
	static List<Inet4Address> embeddedIpv4(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return List.of();
		}
		byte[] b = address.getAddress();
		if (zero(b, 0, 10) && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
			return List.of(ipv4(b, 12, 0));
		}
		if (zero(b, 0, 8) && b[8] == (byte) 0xff && b[9] == (byte) 0xff && b[10] == 0 && b[11] == 0) {
			return List.of(ipv4(b, 12, 0));
		}
		if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && zero(b, 4, 12)) {
			return List.of(ipv4(b, 12, 0));
		}
		if (b[0] == 0x20 && b[1] == 0x02) {
			return List.of(ipv4(b, 2, 0));
		}
		if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
			return List.of(ipv4(b, 4, 0), ipv4(b, 12, 0xff));
		}
		return List.of();
	}

	private static boolean zero(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

	private static Inet4Address ipv4(byte[] bytes, int from, int mask) {
		byte[] four = new byte[4];
		for (int i = 0; i < 4; i++) {
			four[i] = (byte) (bytes[from + i] ^ mask);
		}
		try {
			return (Inet4Address) InetAddress.getByAddress(four);
		}
		catch (UnknownHostException e) {
			throw new IllegalStateException("four bytes are always an IPv4 address", e);
		}
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
