package io.github.mcpplatform.cnpg.tools;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * What a restored cluster keeps of its source: the image (a recovery needs the PostgreSQL major the backup was taken
 * with, and the same image brings the same extensions), the PostgreSQL settings (a server replaying WAL needs
 * {@code max_connections}, {@code max_worker_processes}, {@code max_wal_senders}, {@code max_prepared_transactions}
 * and {@code max_locks_per_transaction} at least as high as the source's, or the recovery pauses), and the
 * application database's name and owner when they are not CloudNativePG's default {@code app}.
 *
 * @see <a href="https://www.postgresql.org/docs/current/hot-standby.html#HOT-STANDBY-ADMIN">PostgreSQL: hot standby
 *     parameters</a>
 */
final class SourceSettings {

	/** A tag's leading major version, after the last ':' that follows the last '/'. */
	private static final Pattern TAG_MAJOR = Pattern.compile(":(\\d{1,3})(?:[^:/]*)$");

	private SourceSettings() {
	}

	/**
	 * The source's image fields: its {@code imageCatalogRef}, else its {@code imageName}, else the image the operator
	 * reports it runs; empty when none is known.
	 */
	static Map<String, Object> image(GenericKubernetesResource source) {
		Map<String, Object> catalog = source.get("spec", "imageCatalogRef");
		if (catalog != null) {
			return Map.of("imageCatalogRef", catalog);
		}
		String image = source.get("spec", "imageName");
		if (image == null) {
			image = source.get("status", "image");
		}
		return image == null ? Map.of() : Map.of("imageName", image);
	}

	/**
	 * The PostgreSQL major version of image fields: the catalog entry's, or the leading number of the image's tag
	 * (CloudNativePG's operand tags start with it, e.g. {@code postgresql:16.9-standard-trixie}); null if unknown.
	 */
	static @Nullable Integer major(Map<String, Object> image) {
		if (image.get("imageCatalogRef") instanceof Map<?, ?> ref && ref.get("major") instanceof Number major) {
			return major.intValue();
		}
		if (image.get("imageName") instanceof String name) {
			Matcher tag = TAG_MAJOR.matcher(name);
			return tag.find() ? Integer.valueOf(tag.group(1)) : null;
		}
		return null;
	}

	static String describeImage(Map<String, Object> image) {
		if (image.get("imageCatalogRef") instanceof Map<?, ?> ref) {
			return "from " + ref.get("kind") + " " + ref.get("name") + ", PostgreSQL " + ref.get("major") + " (as the source)";
		}
		return image.get("imageName") + " (as the source)";
	}

	/** The source's {@code spec.postgresql.parameters}, or null. */
	static @Nullable Map<String, Object> parameters(GenericKubernetesResource source) {
		return source.get("spec", "postgresql", "parameters");
	}

	/** {@code database} and {@code owner} for the recovery, when the source bootstrapped other ones than app/app. */
	static Map<String, String> applicationDatabase(GenericKubernetesResource source) {
		for (String method : new String[] { "initdb", "recovery", "pg_basebackup" }) {
			String database = source.get("spec", "bootstrap", method, "database");
			String owner = source.get("spec", "bootstrap", method, "owner");
			if (database != null && owner != null && !(database.equals("app") && owner.equals("app"))) {
				Map<String, String> names = new LinkedHashMap<>();
				names.put("database", database);
				names.put("owner", owner);
				return names;
			}
		}
		return Map.of();
	}

}
