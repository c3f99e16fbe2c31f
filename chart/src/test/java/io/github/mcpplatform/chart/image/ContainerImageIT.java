package io.github.mcpplatform.chart.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.mcpplatform.chart.Charts;
import io.github.mcpplatform.chart.Rendered;
import io.github.mcpplatform.chart.Scenario;

/**
 * The image tarballs {@code jib:buildTar} wrote in the applications' modules, opened: what the chart runs is
 * what the image declares (user, port, tag), and nothing in the image can be changed by the user it runs as.
 */
class ContainerImageIT {

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "gateway, io.github.mcpplatform.gateway.GatewayApplication",
			"cnpg-backend, io.github.mcpplatform.cnpg.CnpgBackendApplication" })
	void imageRunsTheApplicationAsTheChartsUserOnTheChartsPort(String component, String mainClass, @TempDir Path work) {
		ImageTar image = ImageTar.open(Path.of(System.getProperty(component + ".image.tar")), work);
		// Rendered with the registry the images were built under (the build's image.registry).
		Rendered rendered = Charts.render(Scenario.of().with("image.registry", System.getProperty("image.registry")));
		Deployment deployment = rendered.get(Deployment.class, Rendered.name(component));
		Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
		PodSecurityContext pod = deployment.getSpec().getTemplate().getSpec().getSecurityContext();

		assertThat(image.repoTag()).isEqualTo(container.getImage());
		assertThat(image.config().get("User").asString()).isEqualTo(pod.getRunAsUser() + ":" + pod.getRunAsGroup());
		assertThat(image.config().get("ExposedPorts").propertyNames())
			.containsExactly(container.getPorts().get(0).getContainerPort() + "/tcp");
		List<String> entrypoint = image.entrypoint();
		assertThat(entrypoint.get(0)).isEqualTo("/opt/java/bin/java");
		assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData",
				"-Djava.io.tmpdir=/tmp", "-XX:VMOptionsFile=/app/aot/jvm-options");
		assertThat(entrypoint.subList(entrypoint.size() - 3, entrypoint.size()))
			.containsExactly("-cp", "@/app/aot/classpath", mainClass);
		assertThat(image.environment()).contains("LANG=C.UTF-8", "HOME=/tmp", "JAVA_HOME=/opt/java");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "gateway", "cnpg-backend" })
	void everyFileBelongsToRootAndNoneIsWritableByTheApplicationsUser(String component, @TempDir Path work)
			throws Exception {
		ImageTar image = ImageTar.open(Path.of(System.getProperty(component + ".image.tar")), work);

		List<ImageTar.Entry> entries = image.entries();

		assertThat(entries).allSatisfy(entry -> {
			assertThat(entry.owner()).as(entry.path()).isEqualTo("0/0");
			assertThat(entry.writableByOthers()).as(entry.path() + " " + entry.mode()).isFalse();
		});
		assertThat(entries).filteredOn(e -> e.path().equals("opt/java/bin/java"))
			.singleElement()
			.satisfies(java -> assertThat(java.mode()).isEqualTo("-rwxr-xr-x"));
		assertThat(entries).extracting(ImageTar.Entry::path)
			.as("no shell, no package manager")
			.noneMatch(path -> path.matches("(usr/)?s?bin/(sh|bash|busybox|apt|apt-get|dpkg)"))
			.contains("app/aot/classpath", "app/aot/jvm-options", "lib64/ld-linux-x86-64.so.2", "lib/x86_64-linux-gnu/libc.so.6",
					"opt/java/lib/security/cacerts", "var/lib/dpkg/status.d/libc6");
		Path root = Files.createDirectory(work.resolve("root"));
		image.unpack(root);
		assertThat(Files.readAllLines(root.resolve("etc/passwd"))).as("the user has a name, and /tmp as its home")
			.contains("nonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "gateway", "cnpg-backend" })
	void theClassPathIsTheModulesJarAndTheLibrariesJibCopied(String component, @TempDir Path work) throws Exception {
		ImageTar image = ImageTar.open(Path.of(System.getProperty(component + ".image.tar")), work);
		Path root = Files.createDirectory(work.resolve("root"));
		image.unpack(root);

		List<String> classPath = List.of(Files.readString(root.resolve("app/aot/classpath")).split(":"));

		assertThat(classPath.get(0)).isEqualTo("/app/aot/" + component + ".jar");
		assertThat(classPath).as("only jars: an AOT cache holds no classes from directories")
			.allMatch(entry -> entry.endsWith(".jar"))
			.allSatisfy(entry -> assertThat(root.resolve(entry.substring(1))).as(entry).isRegularFile());
		try (Stream<Path> libraries = Files.list(root.resolve("app/libs"))) {
			assertThat(classPath.subList(1, classPath.size())).as("every library Jib copied, and only those")
				.containsExactlyInAnyOrderElementsOf(libraries.map(library -> "/app/libs/" + library.getFileName()).toList());
		}
	}

}
