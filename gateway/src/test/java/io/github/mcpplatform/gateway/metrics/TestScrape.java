package io.github.mcpplatform.gateway.metrics;

import java.util.Arrays;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Scrapes a running gateway's {@code /actuator/prometheus} on its management port, as Prometheus would. */
public final class TestScrape {

	private final WebTestClient management;

	private TestScrape(int port) {
		this.management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	/** The gateway of this context, which runs with {@code management.server.port=0} and Prometheus exposed. */
	public static TestScrape of(ConfigurableApplicationContext context) {
		return new TestScrape(Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port")));
	}

	/** The whole exposition, in Prometheus's text format. */
	public String text() {
		return this.management.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * The value of the sample {@code name} whose labels include every {@code key=value} given; NaN when there is
	 * none.
	 */
	public double value(String name, String... labels) {
		return text().lines()
			.filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter(line -> Arrays.stream(labels).allMatch(label -> line.contains(label.replaceFirst("=(.*)", "=\"$1\""))))
			.map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElse(Double.NaN);
	}

}
