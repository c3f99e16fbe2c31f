package io.github.mcpplatform.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a test renders the chart with: values files from {@code src/test/resources/scenarios/} (overlays on
 * {@code minimal.yaml}, applied in order) and {@code --set} values. Equal scenarios render once per test JVM.
 */
public record Scenario(List<String> files, Map<String, Object> sets) {

	public Scenario {
		files = List.copyOf(files);
		sets = Map.copyOf(sets);
	}

	/** The minimal install plus the named overlays. */
	public static Scenario of(String... overlays) {
		List<String> files = new ArrayList<>(List.of("minimal.yaml"));
		for (String overlay : overlays) {
			files.add(overlay.endsWith(".yaml") ? overlay : overlay + ".yaml");
		}
		return new Scenario(files, Map.of());
	}

	/**
	 * The chart's local profile (values-local.yaml) with what its install command sets: the images' name, the
	 * bundled Keycloak's passwords and the gateway's client secret.
	 */
	public static Scenario localProfile() {
		return new Scenario(List.of(Charts.SOURCE.resolve("values-local.yaml").toAbsolutePath().toString()),
				Map.of("image.registry", "localhost/mcp", "keycloak.admin.password", "admin-password-1",
						"keycloak.user.password", "dev-password-1", "gateway.auth.upstream.clientSecret.value", "client-secret-1"));
	}

	/** The chart's own defaults and nothing else. */
	public static Scenario chartDefaults() {
		return new Scenario(List.of(), Map.of());
	}

	public Scenario with(String key, Object value) {
		Map<String, Object> more = new LinkedHashMap<>(this.sets);
		more.put(key, value);
		return new Scenario(this.files, more);
	}

}
