package io.github.mcpplatform.chart.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An image tarball as {@code jib:buildTar} writes it ({@code docker load} format: manifest.json, the config,
 * one gzipped tar per layer), opened with the system's tar.
 */
final class ImageTar {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path directory;

	private final JsonNode manifest;

	private final JsonNode config;

	/** A file of a layer, as {@code tar -tv} lists it. */
	record Entry(String mode, String owner, String path) {

		boolean writableByOthers() {
			return this.mode.charAt(5) == 'w' || this.mode.charAt(8) == 'w';
		}

	}

	private ImageTar(Path directory) {
		this.directory = directory;
		this.manifest = JSON.readTree(directory.resolve("manifest.json").toFile()).get(0);
		this.config = JSON.readTree(directory.resolve(this.manifest.get("Config").asString()).toFile());
	}

	static ImageTar open(Path tar, Path into) {
		run(List.of("tar", "-xf", tar.toAbsolutePath().toString(), "-C", into.toString()));
		return new ImageTar(into);
	}

	String repoTag() {
		return this.manifest.get("RepoTags").get(0).asString();
	}

	JsonNode config() {
		return this.config.get("config");
	}

	List<String> entrypoint() {
		List<String> entrypoint = new ArrayList<>();
		config().get("Entrypoint").forEach(arg -> entrypoint.add(arg.asString()));
		return entrypoint;
	}

	List<String> environment() {
		List<String> environment = new ArrayList<>();
		config().get("Env").forEach(variable -> environment.add(variable.asString()));
		return environment;
	}

	List<Path> layers() {
		List<Path> layers = new ArrayList<>();
		this.manifest.get("Layers").forEach(layer -> layers.add(this.directory.resolve(layer.asString())));
		return layers;
	}

	/** Every entry of every layer, with numeric owners. */
	List<Entry> entries() {
		List<Entry> entries = new ArrayList<>();
		for (Path layer : layers()) {
			for (String line : run(List.of("tar", "--numeric-owner", "-tvzf", layer.toString())).lines().toList()) {
				String[] fields = line.trim().split("\\s+", 6);
				entries.add(new Entry(fields[0], fields[1], fields[5]));
			}
		}
		return entries;
	}

	/** Unpacks the layers in order into {@code root}, as a container runtime lays out the root file system. */
	void unpack(Path root) {
		for (Path layer : layers()) {
			run(List.of("tar", "--numeric-owner", "-xzf", layer.toString(), "-C", root.toString()));
		}
	}

	static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
			String out = new String(process.getInputStream().readAllBytes());
			String err = new String(process.getErrorStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(command + " failed: " + err);
			}
			return out;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	static Path temporaryDirectory(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
