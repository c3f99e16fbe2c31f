package io.github.mcpplatform.chart.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway image's AOT cache is one its JVM takes. The image runs as a container would run it (its root file
 * system, its user, /proc mounted) with {@code -XX:AOTMode=on}, which makes the JVM refuse to start rather than
 * run without a cache it cannot use (another JVM build, or jars of another size or date than the training
 * run's), and stops once its context has refreshed; its classes then come from the cache.
 *
 * @see <a href="https://openjdk.org/jeps/483">JEP 483: Ahead-of-Time Class Loading and Linking</a>
 */
class AotCacheIT {

	@Test
	void gatewayImageStartsWithItsClassesFromItsAotCache(@TempDir Path work) throws Exception {
		assumeTrue(ChrootPod.supported(), "running an image without a container engine needs root, unshare and chroot");
		ImageTar image = ImageTar.open(Path.of(System.getProperty("gateway.image.tar")), Files.createDirectory(work.resolve("tar")));
		Path root = Files.createDirectory(work.resolve("root"), PosixFilePermissions.asFileAttribute(
				PosixFilePermissions.fromString("rwxr-xr-x")));
		image.unpack(root);
		String options = Files.readString(root.resolve("app/aot/jvm-options")).strip();
		assumeTrue(!options.isEmpty(), "the image was built without an AOT cache: its Java runtime (image.java.home) is "
				+ "older than 25");
		assertThat(options).isEqualTo("-XX:AOTCache=/app/aot/gateway.aot");
		Path configRepo = Files.createDirectories(root.resolve("tmp/config-repo"));
		Files.writeString(configRepo.resolve("backends.yaml"), "backends: []\n");
		ImageTar.run(List.of("chmod", "-R", "a+rX", root.resolve("tmp").toString()));
		ImageTar.run(List.of("chmod", "1777", root.resolve("tmp").toString()));
		Files.createDirectories(root.resolve("proc"));
		List<String> entrypoint = new ArrayList<>(image.entrypoint());
		entrypoint.addAll(entrypoint.indexOf("-cp"), List.of("-XX:AOTMode=on", "-Xlog:class+load=info",
				"-Dspring.context.exit=onRefresh"));
		entrypoint.addAll(List.of("--gateway.config-repo.uri=/tmp/config-repo", "--logging.level.root=WARN"));
		List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--pid", "--fork", "--kill-child",
				"--mount-proc=" + root.resolve("proc"), "/usr/sbin/chroot",
				"--userspec=" + image.config().get("User").asString(), root.toString()));
		command.addAll(entrypoint);
		Path log = work.resolve("gateway.log");

		Process gateway = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

		boolean stopped = gateway.waitFor(3, TimeUnit.MINUTES);
		if (!stopped) {
			// unshare --kill-child takes the gateway with it.
			gateway.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		assertThat(stopped).as("the gateway stops once its context has refreshed").isTrue();
		String output = Files.readString(log);
		assertThat(gateway.exitValue()).as(tail(output)).isZero();
		assertThat(output).contains("io.github.mcpplatform.gateway.GatewayApplication source: shared objects file")
			.contains("io.github.mcpplatform.gateway.backend.BackendRegistry source: shared objects file");
	}

	private static String tail(String output) {
		List<String> lines = output.lines().filter(line -> !line.contains("[class,load]")).toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

}
