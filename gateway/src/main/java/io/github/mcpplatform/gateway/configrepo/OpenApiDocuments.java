package io.github.mcpplatform.gateway.configrepo;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The OpenAPI documents of a config repo: the files under {@code openapi/} ending {@code .yaml}, {@code .yml} or
 * {@code .json}, read whole into the snapshot so that a backend's spec and the files it references are those of
 * the commit that declared it. Bounded, since a commit could add anything: at most {@value #MAX_FILES} files and
 * {@value #MAX_BYTES} bytes together; symbolic links are not followed.
 */
final class OpenApiDocuments {

	static final int MAX_FILES = 200;

	static final long MAX_BYTES = 32L * 1024 * 1024;

	private OpenApiDocuments() {
	}

	/** The documents by path relative to the root ({@code openapi/petstore.yaml}); problems for what cannot be read. */
	static Map<String, String> read(Path root, List<ConfigProblem> problems) {
		Map<String, String> documents = new LinkedHashMap<>();
		List<Path> files;
		try {
			files = files(root);
		}
		catch (IOException e) {
			problems.add(new ConfigProblem(OpenApiEntries.DIRECTORY, 0, "", "cannot list the directory: " + e.getMessage()));
			return documents;
		}
		if (files.size() > MAX_FILES) {
			problems.add(new ConfigProblem(OpenApiEntries.DIRECTORY, 0, "", files.size() + " documents: at most " + MAX_FILES
					+ " are read"));
			return documents;
		}
		long total = 0;
		for (Path file : files) {
			String name = root.relativize(file).toString().replace('\\', '/');
			try {
				total += Files.size(file);
				if (total > MAX_BYTES) {
					problems.add(new ConfigProblem(name, 0, "", "the documents under openapi/ exceed " + MAX_BYTES / 1024 / 1024
							+ " MB together"));
					return documents;
				}
				documents.put(name, StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
					.toString());
			}
			catch (CharacterCodingException e) {
				problems.add(new ConfigProblem(name, 0, "", "is not UTF-8 text"));
			}
			catch (IOException e) {
				problems.add(new ConfigProblem(name, 0, "", "cannot read: " + e.getMessage()));
			}
		}
		return documents;
	}

	/** The document files, sorted; none when there is no {@code openapi/} directory. */
	static List<Path> files(Path root) throws IOException {
		Path directory = root.resolve(OpenApiEntries.DIRECTORY);
		List<Path> files = new ArrayList<>();
		if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
			return files;
		}
		try (Stream<Path> walked = Files.walk(directory)) {
			walked.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
				.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml") || f.toString().endsWith(".json"))
				.sorted()
				.forEach(files::add);
		}
		return files;
	}

}
