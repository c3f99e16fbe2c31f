package io.github.mcpplatform.gateway.configrepo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A real Git repository for tests: a bare repository (what the gateway pulls, over {@code file://}) and a
 * working copy that commits and pushes to it, as a platform team would.
 */
public final class TestGitRepo implements AutoCloseable {

	private final Path bare;

	private final Git work;

	public TestGitRepo(Path directory) throws GitAPIException, IOException, java.net.URISyntaxException {
		this.bare = directory.resolve("config.git");
		Git.init().setBare(true).setInitialBranch("main").setDirectory(this.bare.toFile()).call().close();
		this.work = Git.init().setInitialBranch("main").setDirectory(directory.resolve("work").toFile()).call();
		this.work.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(uri())).call();
	}

	/** The bare repository (what a Git server serves). */
	public Path bare() {
		return this.bare;
	}

	/** The URL the gateway pulls. */
	public String uri() {
		return this.bare.toUri().toString();
	}

	/**
	 * Writes files (a null content deletes one), commits and pushes to {@code main}; the commit's SHA.
	 */
	public String commit(String message, Map<String, String> files) throws IOException, GitAPIException {
		Path root = this.work.getRepository().getWorkTree().toPath();
		for (Map.Entry<String, String> file : files.entrySet()) {
			Path path = root.resolve(file.getKey());
			if (file.getValue() == null) {
				Files.deleteIfExists(path);
				this.work.rm().addFilepattern(file.getKey()).call();
			}
			else {
				Files.createDirectories(path.getParent());
				Files.writeString(path, file.getValue());
				this.work.add().addFilepattern(file.getKey()).call();
			}
		}
		RevCommit commit = this.work.commit().setMessage(message).setAuthor("Platform Team", "platform@example.com")
			.setCommitter("Platform Team", "platform@example.com").setSign(false).call();
		this.work.push().setRemote("origin").add("main").call();
		return commit.name();
	}

	/** Moves {@code main} back to an earlier commit and force-pushes it, as someone undoing a push would. */
	public void forcePushBackTo(String sha) throws IOException, GitAPIException {
		this.work.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef(sha).call();
		this.work.push().setRemote("origin").add("main").setForce(true).call();
	}

	@Override
	public void close() {
		this.work.close();
	}

}
