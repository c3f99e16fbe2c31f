package io.github.mcpplatform.chart;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** The objects one rendering of the chart produced, read with fabric8's model classes. */
public record Rendered(String manifest, List<HasMetadata> objects) {

	/** The name the chart gives a component's objects in the test release. */
	public static String name(String component) {
		return Charts.RELEASE + "-mcp-platform-" + component;
	}

	public <T extends HasMetadata> List<T> all(Class<T> type) {
		return this.objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	public <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
		return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
	}

	public <T extends HasMetadata> T get(Class<T> type, String name) {
		return find(type, name).orElseThrow(() -> new NoSuchElementException("no " + type.getSimpleName() + " named "
				+ name + " among " + this.objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
	}

	/** A component's application.yaml, as the ConfigMap holds it. */
	public String applicationYaml(String component) {
		return get(ConfigMap.class, name(component)).getData().get("application.yaml");
	}

}
