package io.github.mcpplatform.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import jakarta.validation.Validation;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * What an application sees in its pod: the rendered ConfigMap's application.yaml, under the container's
 * environment variables as Spring reads them (a Secret's value stands in as {@code secret:<name>/<key>}).
 * Binding goes through the application's own property classes with validation, refusing any property under
 * the prefix that no field takes: a renamed property fails here.
 */
public final class AppConfiguration {

	private AppConfiguration() {
	}

	public static String secretPlaceholder(String secret, String key) {
		return "secret:" + secret + "/" + key;
	}

	/** The Spring environment of the named component's container. */
	public static StandardEnvironment environment(Rendered rendered, String component) {
		Container container = rendered.get(Deployment.class, Rendered.name(component))
			.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0);
		StandardEnvironment environment = new StandardEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		// Under the name Spring Boot gives the process environment, so that it maps variables as it does there.
		sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				environmentOf(container)));
		for (PropertySource<?> source : yaml(rendered.applicationYaml(component))) {
			sources.addLast(source);
		}
		return environment;
	}

	static Map<String, Object> environmentOf(Container container) {
		Map<String, Object> environment = new LinkedHashMap<>();
		for (EnvVar variable : container.getEnv()) {
			if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
				environment.put(variable.getName(), secretPlaceholder(variable.getValueFrom().getSecretKeyRef().getName(),
						variable.getValueFrom().getSecretKeyRef().getKey()));
			}
			else {
				environment.put(variable.getName(), variable.getValue());
			}
		}
		return environment;
	}

	/** Binds {@code prefix} to {@code type} as Spring Boot does at startup, validated, with nothing left over. */
	public static <T> T bind(StandardEnvironment environment, String prefix, Class<T> type) {
		BindHandler strict = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);
		BindHandler validated = new ValidationBindHandler(strict,
				new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator()));
		return Binder.get(environment).bindOrCreate(prefix, Bindable.of(type), validated);
	}

	private static List<PropertySource<?>> yaml(String text) {
		try {
			return new YamlPropertySourceLoader().load("rendered application.yaml", new ByteArrayResource(text.getBytes()));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
