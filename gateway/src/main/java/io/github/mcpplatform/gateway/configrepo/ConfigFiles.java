package io.github.mcpplatform.gateway.configrepo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a config repo checkout that the loader reads ({@code backends.yaml}, {@code backends/*.yaml}):
 * a version for a plain directory (a hash of them, since it has no commits), and the on-disk copy of the last
 * good snapshot.
 */
final class ConfigFiles {

	private static final String VERSION_FILE = "VERSION";

	private ConfigFiles() {
	}

	/** What a directory's config files hash to: a new value whenever any of them changes. */
	static String version(Path root) throws IOException {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			for (Path file : files(root)) {
				sha256.update(root.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
				sha256.update((byte) 0);
				sha256.update(Files.readAllBytes(file));
				sha256.update((byte) 0);
			}
			return "dir-" + HexFormat.of().formatHex(sha256.digest()).substring(0, 40);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", e);
		}
	}

	/**
	 * Keeps a copy of the config files of a good snapshot under {@code cache}, replacing the previous copy in
	 * one move, so that a crash never leaves half a copy.
	 */
	static void keep(Path root, String version, Path cache) throws IOException {
		Files.createDirectories(cache);
		Path staging = Files.createTempDirectory(cache, "staging-");
		for (Path file : files(root)) {
			Path target = staging.resolve(root.relativize(file).toString());
			Files.createDirectories(target.getParent());
			Files.copy(file, target);
		}
		Files.writeString(staging.resolve(VERSION_FILE), version);
		Path current = cache.resolve("snapshot");
		Path old = cache.resolve("snapshot.old");
		deleteRecursively(old);
		if (Files.exists(current)) {
			Files.move(current, old, StandardCopyOption.ATOMIC_MOVE);
		}
		Files.move(staging, current, StandardCopyOption.ATOMIC_MOVE);
		deleteRecursively(old);
	}

	/** The cached snapshot's directory and version, if there is one. */
	static java.util.Optional<Cached> cached(Path cache) throws IOException {
		Path current = cache.resolve("snapshot");
		Path version = current.resolve(VERSION_FILE);
		if (!Files.isRegularFile(version)) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.of(new Cached(current, Files.readString(version).strip()));
	}

	record Cached(Path root, String version) {
	}

	private static List<Path> files(Path root) throws IOException {
		List<Path> files = new ArrayList<>();
		Path single = root.resolve(ConfigRepoLoader.BACKENDS_FILE);
		if (Files.isRegularFile(single)) {
			files.add(single);
		}
		Path directory = root.resolve(ConfigRepoLoader.BACKENDS_DIRECTORY);
		if (Files.isDirectory(directory)) {
			try (Stream<Path> listed = Files.list(directory)) {
				listed.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().forEach(files::add);
			}
		}
		files.addAll(OpenApiDocuments.files(root));
		return files;
	}

	static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
