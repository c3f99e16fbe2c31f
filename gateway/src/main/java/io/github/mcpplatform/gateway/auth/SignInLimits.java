package io.github.mcpplatform.gateway.auth;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/**
 * What one party may make the gateway store by starting sign-ins, which anyone can do without signing in:
 * a bounded {@code state}, a number of sign-ins per client address and minute, and a number per client
 * within one sign-in lifetime. Each sign-in is kept only that lifetime. Refusals are 429 pages with
 * {@code Retry-After}, shown before anything is stored.
 */
final class SignInLimits {

	/**
	 * RFC 6749 appendix A.5: {@code state} is VSCHAR (%x20-7E). Braces are refused too: some clients put the
	 * value through URI templates, and no real client needs them. 512 is far above any real client's.
	 */
	private static final Pattern STATE = Pattern.compile("[\\x20-\\x7E&&[^{}]]{0,512}");

	private final AuthRecords records;

	private final Settings settings;

	/**
	 * @param lifetime how long a started sign-in is kept (consent page, then the login at the identity
	 *     provider)
	 * @param perAddressPerMinute sign-ins one client address may start per minute
	 * @param perClient sign-ins one client may start within one lifetime (a fixed window); as each is kept at most
	 *     two lifetimes (before and after the consent), one client holds at most three times that
	 */
	record Settings(Duration lifetime, int perAddressPerMinute, int perClient) {
	}

	SignInLimits(AuthRecords records, Settings settings) {
		this.records = records;
		this.settings = settings;
	}

	Duration lifetime() {
		return this.settings.lifetime();
	}

	/** Why the client's {@code state} cannot be kept and sent back, or null when it can. */
	static @Nullable String stateProblem(@Nullable String state) {
		return state == null || STATE.matcher(state).matches() ? null
				: "The state parameter must be at most 512 visible ASCII characters, without { or }.";
	}

	/** {@code signIn} when {@code address} and {@code clientId} are within their allowances, or a 429 page. */
	Mono<ServerResponse> admit(String address, String clientId, Supplier<Mono<ServerResponse>> signIn) {
		return this.records.withinRate("authorize", address, this.settings.perAddressPerMinute()).flatMap(addressAllowed -> {
			if (!addressAllowed) {
				return ConsentPage.tooManyRequests(Duration.ofMinutes(1),
						"Too many sign-ins were started from your address. Wait a minute, then start again from your "
								+ "application.");
			}
			// Keyed by the id's hash: a client id can be a 2000-character URL.
			return this.records
				.withinLimit("authorize-client", Secrets.hash(clientId), this.settings.perClient(), this.settings.lifetime())
				.flatMap(clientAllowed -> clientAllowed ? signIn.get()
						: ConsentPage.tooManyRequests(this.settings.lifetime(), "Too many sign-ins for this application are "
								+ "under way. Wait a few minutes, then start again from your application."));
		});
	}

}
