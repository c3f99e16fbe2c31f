package io.github.mcpplatform.cnpg.tools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
	 * parameter), as are missing required ones, values of the wrong type or out of range, and a parameter
	 * given under both its spellings with different values; JSON {@code null} counts as absent.
	 *
	 * @throws InvalidArgumentsException listing every problem
	 */
	public static Arguments parse(@Nullable Map<String, Object> raw, List<Param<?>> params) {
		Map<String, Object> given = raw == null ? Map.of() : raw;
		List<String> problems = new ArrayList<>();
		List<String> known = params.stream().flatMap(p -> p.spellings().stream()).toList();
		given.keySet()
			.stream()
			.filter(name -> !known.contains(name))
			.sorted()
			.forEach(name -> problems.add("unknown parameter '" + name + "' (this tool takes "
					+ String.join(", ", known) + ")"));
		Map<String, Object> values = new HashMap<>();
		params.forEach(param -> parseOne(param, given, problems).ifPresent(value -> values.put(param.name(), value)));
		if (!problems.isEmpty()) {
			throw new InvalidArgumentsException(problems);
		}
		return new Arguments(values);
	}

	/** One parameter's value under whichever spelling was given, if it was given and valid. */
	private static Optional<Object> parseOne(Param<?> param, Map<String, Object> given, List<String> problems) {
		Map<String, Object> parsed = new LinkedHashMap<>();
		for (String spelling : param.spellings()) {
			Object value = given.get(spelling);
			if (value == null) {
				continue;
			}
			try {
				parsed.put(spelling, param.parse(value));
			}
			catch (IllegalArgumentException e) {
				problems.add(spelling + " " + e.getMessage());
			}
		}
		if (param.required() && param.spellings().stream().allMatch(spelling -> given.get(spelling) == null)) {
			problems.add(String.join(" or ", param.spellings()) + " is required");
		}
		if (new HashSet<>(parsed.values()).size() > 1) {
			problems.add(String.join(" and ", parsed.keySet()) + " are two spellings of one parameter and were given "
					+ "different values (" + parsed.values().stream().map(v -> "'" + v + "'").collect(Collectors.joining(" and "))
					+ "): give one of them");
			return Optional.empty();
		}
		return parsed.values().stream().findFirst();
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
