package io.github.mcpplatform.cnpg.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * One tool parameter, declared once: its JSON Schema (what the client sees in {@code tools/list}) and
 * its parser (what the server enforces before any Kubernetes call) come from the same declaration, so
 * they cannot drift apart.
 *
 * @param <T> the parsed Java type
 */
public final class Param<T> {

	/** RFC 1123 label: what Kubernetes accepts as a namespace or cluster name. */
	static final Pattern RFC_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

	/**
	 * A DNS-1035 label: an RFC 1123 label that starts with a letter. CNPG requires it of cluster names
	 * because Service names ({@code <cluster>-rw}, {@code -ro}, {@code -r}) must be DNS-1035 labels.
	 */
	static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

	/** CNPG's limit on cluster names, which leaves room for the suffixes of the objects it derives. */
	static final int MAX_CLUSTER_NAME_LENGTH = 50;

	static final Pattern RFC_1123_SUBDOMAIN = Pattern
		.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

	/**
	 * A name for a new PostgreSQL role or database: lowercase and without {@code -}, so it needs no
	 * quoting in SQL, and turning {@code _} into {@code -} gives an RFC 1123 object name that no other
	 * accepted name shares ({@code a_b} and {@code a-b} would share one secret or Database object). It
	 * starts with a letter because it also becomes a label value, which must start with a letter or digit.
	 */
	static final Pattern POSTGRES_NAME = Pattern.compile("[a-z]([a-z0-9_]{0,61}[a-z0-9])?");

	/**
	 * The name of a role or database that already exists: {@link #POSTGRES_NAME} plus {@code -}, which
	 * earlier versions accepted, so that such roles and databases can still be changed and removed.
	 */
	static final Pattern EXISTING_POSTGRES_NAME = Pattern.compile("[a-z_]([a-z0-9_-]{0,61}[a-z0-9])?");

	/** A Kubernetes resource quantity such as {@code 10Gi} or {@code 500M}. */
	static final Pattern QUANTITY = Pattern.compile("(\\d+(\\.\\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");

	private final String name;

	private final Map<String, Object> schema;

	private final boolean required;

	private final @Nullable T defaultValue;

	private final Function<Object, T> parser;

	private final @Nullable Alias alias;

	/**
	 * A second spelling of the parameter, for the names clients reach for because other tools use them.
	 *
	 * @param description what the schema says of this spelling
	 */
	record Alias(String name, String description) {
	}

	private Param(String name, Map<String, Object> schema, boolean required, @Nullable T defaultValue,
			Function<Object, T> parser) {
		this(name, schema, required, defaultValue, parser, null);
	}

	private Param(String name, Map<String, Object> schema, boolean required, @Nullable T defaultValue,
			Function<Object, T> parser, @Nullable Alias alias) {
		this.name = name;
		this.schema = schema;
		this.required = required;
		this.defaultValue = defaultValue;
		this.parser = parser;
		this.alias = alias;
	}

	/** A Kubernetes object name or namespace (RFC 1123 label). */
	public static Param<String> kubernetesName(String name, String description) {
		return text(name, description, RFC_1123_LABEL, 63, "is not a valid Kubernetes name (RFC 1123 label): use at "
				+ "most 63 lowercase letters, digits and '-', starting and ending with a letter or digit");
	}

	/**
	 * The name of a new CNPG cluster, checked as CNPG's admission webhook does (DNS-1035 label, at most 50
	 * characters). Existing clusters already satisfy it, so references to them use {@link #kubernetesName}.
	 */
	public static Param<String> newClusterName(String name, String description) {
		return text(name, description, DNS_1035_LABEL, MAX_CLUSTER_NAME_LENGTH, "is not a valid CloudNativePG cluster "
				+ "name: use at most " + MAX_CLUSTER_NAME_LENGTH + " lowercase letters, digits and '-', starting with a "
				+ "letter and ending with a letter or digit (CloudNativePG derives Services such as '<name>-rw' and "
				+ "pods such as '<name>-1' from it)");
	}

	/** An RFC 1123 subdomain, e.g. a storage class name. */
	public static Param<String> kubernetesSubdomain(String name, String description) {
		return text(name, description, RFC_1123_SUBDOMAIN, 253, "is not a valid Kubernetes name (RFC 1123 "
				+ "subdomain): use at most 253 lowercase letters, digits, '-' and '.'");
	}

	/** The name of a new PostgreSQL role or database. */
	public static Param<String> postgresName(String name, String description) {
		return text(name, description, POSTGRES_NAME, 63, "is not a valid name: use at most 63 lowercase letters, "
				+ "digits and '_' (not '-'), starting with a letter and ending with a letter or digit");
	}

	/** The name of a PostgreSQL role or database that exists. */
	public static Param<String> existingPostgresName(String name, String description) {
		return text(name, description, EXISTING_POSTGRES_NAME, 63, "is not a valid name: use at most 63 lowercase "
				+ "letters, digits, '_' and '-', starting with a letter or '_' and ending with a letter or digit");
	}

	private static Param<String> text(String name, String description, Pattern pattern, int maxLength, String problem) {
		return new Param<>(name, schema("string", description, Map.of("pattern", "^" + pattern + "$", "maxLength",
				maxLength)), true, null, raw -> {
					String value = matching(raw, pattern, problem);
					if (value.length() > maxLength) {
						throw new IllegalArgumentException("'" + value + "' " + problem);
					}
					return value;
				});
	}

	/** A Kubernetes quantity, e.g. a storage size. */
	public static Param<String> quantity(String name, String description) {
		return new Param<>(name, schema("string", description, Map.of("pattern", "^" + QUANTITY + "$")), true, null,
				raw -> {
					String value = matching(raw, QUANTITY,
							"is not a Kubernetes quantity: write a number with an optional unit, e.g. 1Gi, 500Mi or 10G");
					if (Double.parseDouble(value.replaceAll("[^0-9.]", "")) <= 0) {
						throw new IllegalArgumentException("must be larger than zero");
					}
					return value;
				});
	}

	/** The bytes a quantity that {@link #quantity} accepted stands for. */
	static double bytes(String quantity) {
		Matcher m = QUANTITY.matcher(quantity);
		if (!m.matches()) {
			throw new IllegalArgumentException("not a quantity: " + quantity);
		}
		String unit = m.group(3) == null ? "" : m.group(3);
		double base = unit.endsWith("i") ? 1024 : 1000;
		// k/Ki = 1, M/Mi = 2, ... E/Ei = 6
		int exponent = unit.isEmpty() ? 0 : "kMGTPE".indexOf(unit.substring(0, 1).replace('K', 'k')) + 1;
		return Double.parseDouble(m.group(1)) * Math.pow(base, exponent);
	}

	/** An integer within bounds. */
	public static Param<Integer> integer(String name, String description, int min, int max) {
		return new Param<>(name, schema("integer", description, Map.of("minimum", min, "maximum", max)), true, null,
				raw -> {
					if (!(raw instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
						throw new IllegalArgumentException("must be a whole number from " + min + " to " + max);
					}
					if (number.doubleValue() < min || number.doubleValue() > max) {
						throw new IllegalArgumentException("must be from " + min + " to " + max + ", got " + raw);
					}
					return number.intValue();
				});
	}

	/**
	 * A parameter of a kind of its own.
	 *
	 * @param schema its JSON schema, description included
	 * @param parser turns the raw value into the parameter's, or throws an {@link IllegalArgumentException} that
	 *     says every problem with it
	 */
	static <T> Param<T> custom(String name, Map<String, Object> schema, Function<Object, T> parser) {
		return new Param<>(name, schema, true, null, parser);
	}

	/** A boolean. */
	public static Param<Boolean> flag(String name, String description) {
		return new Param<>(name, schema("boolean", description, Map.of()), true, null, raw -> {
			if (!(raw instanceof Boolean b)) {
				throw new IllegalArgumentException("must be true or false");
			}
			return b;
		});
	}

	/** One of a closed set of strings. */
	public static Param<String> choice(String name, String description, List<String> values) {
		return new Param<>(name, schema("string", description, Map.of("enum", values)), true, null, raw -> {
			if (!(raw instanceof String s) || !values.contains(s)) {
				throw new IllegalArgumentException("must be one of " + String.join(", ", values));
			}
			return s;
		});
	}

	/**
	 * A major version from a closed set, given as a number ({@code 17}) or as text ({@code "17"}): both are
	 * natural to write, and refusing one of them only makes the caller try again.
	 */
	public static Param<Integer> majorVersion(String name, String description, List<Integer> versions) {
		List<Object> both = new ArrayList<>(versions);
		versions.forEach(v -> both.add(v.toString()));
		String choices = versions.stream().map(String::valueOf).collect(Collectors.joining(", "));
		return new Param<>(name, schema(List.of("integer", "string"), description, Map.of("enum", both)), true, null,
				raw -> {
					Integer version = null;
					if (raw instanceof Number n && n.doubleValue() == n.intValue()) {
						version = n.intValue();
					}
					else if (raw instanceof String s && s.matches("\\d{1,3}")) {
						version = Integer.valueOf(s);
					}
					if (version == null || !versions.contains(version)) {
						throw new IllegalArgumentException("must be one of " + choices + " (a number or a string)");
					}
					return version;
				});
	}

	/** The same parameter, optional, with no default. */
	public Param<T> optional() {
		return new Param<>(this.name, this.schema, false, null, this.parser, this.alias);
	}

	/** The same parameter, optional, with a default the schema advertises. */
	public Param<T> defaultsTo(T value) {
		Map<String, Object> withDefault = new LinkedHashMap<>(this.schema);
		withDefault.put("default", value);
		return new Param<>(this.name, withDefault, false, value, this.parser, this.alias);
	}

	/** The same parameter, refusing values that {@code refused} matches, with the reason why. */
	public Param<T> refusing(java.util.function.Predicate<T> refused, String reason) {
		return new Param<>(this.name, this.schema, this.required, this.defaultValue, raw -> {
			T value = this.parser.apply(raw);
			if (refused.test(value)) {
				throw new IllegalArgumentException("'" + value + "' " + reason);
			}
			return value;
		}, this.alias);
	}

	/** The same parameter with another description. */
	public Param<T> describedAs(String description) {
		Map<String, Object> described = new LinkedHashMap<>(this.schema);
		described.put("description", description);
		return new Param<>(this.name, described, this.required, this.defaultValue, this.parser, this.alias);
	}

	/**
	 * The same parameter, also accepted as {@code alias}: with the same constraints, and described by
	 * {@code description}. A call may give either spelling, or both with the same value.
	 */
	public Param<T> alsoSpelled(String alias, String description) {
		return new Param<>(this.name, this.schema, this.required, this.defaultValue, this.parser,
				new Alias(alias, description));
	}

	public String name() {
		return this.name;
	}

	Map<String, Object> schema() {
		return this.schema;
	}

	@Nullable Alias alias() {
		return this.alias;
	}

	/** The schema of the other spelling: the same constraints, its own description. */
	Map<String, Object> aliasSchema() {
		Map<String, Object> schema = new LinkedHashMap<>(this.schema);
		if (this.alias != null) {
			schema.put("description", this.alias.description());
		}
		return schema;
	}

	/** The names a call may give this parameter under. */
	List<String> spellings() {
		return this.alias == null ? List.of(this.name) : List.of(this.name, this.alias.name());
	}

	boolean required() {
		return this.required;
	}

	@Nullable T defaultValue() {
		return this.defaultValue;
	}

	T parse(Object raw) {
		return this.parser.apply(raw);
	}

	private static String matching(Object raw, Pattern pattern, String problem) {
		if (!(raw instanceof String s)) {
			throw new IllegalArgumentException("must be a string");
		}
		if (!pattern.matcher(s).matches()) {
			throw new IllegalArgumentException("'" + s + "' " + problem);
		}
		return s;
	}

	private static Map<String, Object> schema(Object type, String description, Map<String, Object> constraints) {
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", type);
		schema.put("description", description);
		schema.putAll(constraints);
		return schema;
	}

}
