package io.github.mcpplatform.gateway.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

/**
 * Resolves one host name to the one address that was already checked, so that the connection goes exactly
 * where the check said it may: a second DNS answer (DNS rebinding) never gets a say. The address keeps the
 * host name, so TLS still sends it as SNI and verifies the certificate against it.
 */
final class PinnedResolver extends AddressResolverGroup<InetSocketAddress> {

	private final String host;

	private final InetAddress address;

	PinnedResolver(String host, InetAddress checked) {
		this.host = host;
		try {
			this.address = InetAddress.getByAddress(host, checked.getAddress());
		}
		catch (UnknownHostException e) {
			throw new IllegalArgumentException(e);
		}
	}

	@Override
	protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
		return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {

			@Override
			protected boolean doIsResolved(InetSocketAddress address) {
				return !address.isUnresolved();
			}

			@Override
			protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
				if (!unresolved.getHostString().equalsIgnoreCase(PinnedResolver.this.host)) {
					promise.setFailure(new UnknownHostException("not the checked host: " + unresolved.getHostString()));
					return;
				}
				promise.setSuccess(new InetSocketAddress(PinnedResolver.this.address, unresolved.getPort()));
			}

			@Override
			protected void doResolveAll(InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
				Promise<InetSocketAddress> one = executor().newPromise();
				doResolve(unresolved, one);
				if (one.isSuccess()) {
					promise.setSuccess(List.of(one.getNow()));
				}
				else {
					promise.setFailure(one.cause());
				}
			}

		};
	}

}
