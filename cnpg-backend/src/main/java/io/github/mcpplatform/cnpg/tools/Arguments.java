package io.github.mcpplatform.cnpg.tools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/** A tool call's arguments, checked against the tool's parameters before anything else happens. */
public final class Arguments {

	private final Map<String, Object> values;

	private Arguments(Map<String, Object> values) {
		this.values = values;
	}

	/**
	 * Parses and validates raw arguments. Unknown names are refused (they are usually typos of a real
	 * parameter), as are missing required ones and values of the wrong type or out of range; JSON
	 * {@code null} counts as absent.
	 *
	 * @throws InvalidArgumentsException listing every problem
	 */
	public static Arguments parse(@Nullable Map<String, Object> raw, List<Param<?>> params) {
		Map<String, Object> given = raw == null ? Map.of() : raw;
		List<String> problems = new ArrayList<>();
		Set<String> known = params.stream().map(Param::name).collect(Collectors.toSet());
		given.keySet()
			.stream()
			.filter(name -> !known.contains(name))
			.sorted()
			.forEach(name -> problems.add("unknown parameter '" + name + "' (this tool takes "
					+ params.stream().map(Param::name).collect(Collectors.joining(", ")) + ")"));
		Map<String, Object> values = new HashMap<>();
		for (Param<?> param : params) {
			Object value = given.get(param.name());
			if (value == null) {
				if (param.required()) {
					problems.add(param.name() + " is required");
				}
				continue;
			}
			try {
				values.put(param.name(), param.parse(value));
			}
			catch (IllegalArgumentException e) {
				problems.add(param.name() + " " + e.getMessage());
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidArgumentsException(problems);
		}
		return new Arguments(values);
	}

	/** The value given, else the parameter's default (null for an optional parameter without one). */
	@SuppressWarnings("unchecked")
	public <T> T get(Param<T> param) {
		Object value = this.values.get(param.name());
		return value != null ? (T) value : param.defaultValue();
	}

	/** Whether the caller gave this parameter. */
	public boolean has(Param<?> param) {
		return this.values.containsKey(param.name());
	}

}
