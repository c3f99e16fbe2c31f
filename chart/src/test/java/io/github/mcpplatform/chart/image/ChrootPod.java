package io.github.mcpplatform.chart.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import io.github.mcpplatform.chart.Rendered;

/**
 * One container of a rendered pod, run from its image without a container engine: the image's layers unpacked
 * into a root file system, the pod's volumes laid in as the kubelet would (ConfigMaps, projected Secrets with
 * their mode and the pod's fsGroup, an emptyDir), then the image's entrypoint run by {@code chroot} as the pod's
 * user, in its own mount and PID namespace with /proc mounted. It shares this machine's network (tests bind it to
 * loopback). Needs root, util-linux's unshare and coreutils' chroot.
 */
final class ChrootPod implements AutoCloseable {

	private final Path root;

	private final Process process;

	private final Path log;

	private ChrootPod(Path root, Process process, Path log) {
		this.root = root;
		this.process = process;
		this.log = log;
	}

	/** Whether this machine can run one: root, unshare, chroot. */
	static boolean supported() {
		return "0".equals(ImageTar.run(List.of("id", "-u")).strip()) && Files.isExecutable(Path.of("/usr/bin/unshare"))
				&& Files.isExecutable(Path.of("/usr/sbin/chroot"));
	}

	/**
	 * @param secrets Secret name -> key -> value, for the pod's secret references
	 * @param overrides environment variables that replace the pod's (what differs from a cluster here)
	 */
	static ChrootPod start(ImageTar image, Rendered rendered, PodSpec pod, Map<String, Map<String, String>> secrets,
			Map<String, String> overrides) {
		try {
			// A container's root is world-readable, as the image's own directories are.
			Path root = Files.createTempDirectory("chroot-pod-", PosixFilePermissions.asFileAttribute(
					PosixFilePermissions.fromString("rwxr-xr-x")));
			image.unpack(root);
			Files.createDirectories(root.resolve("proc"));
			for (String file : List.of("etc/hosts", "etc/resolv.conf")) {
				if (Files.exists(Path.of("/", file))) {
					Files.copy(Path.of("/", file), root.resolve(file));
				}
			}
			Container container = pod.getContainers().get(0);
			long group = pod.getSecurityContext().getFsGroup();
			for (VolumeMount mount : container.getVolumeMounts()) {
				Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
				mountVolume(root.resolve(mount.getMountPath().substring(1)), volume, rendered, secrets, group);
			}
			Map<String, String> environment = new LinkedHashMap<>();
			for (String variable : image.environment()) {
				environment.put(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1));
			}
			for (EnvVar variable : container.getEnv()) {
				environment.put(variable.getName(), variable.getValueFrom() == null ? variable.getValue()
						: secrets.get(variable.getValueFrom().getSecretKeyRef().getName())
							.get(variable.getValueFrom().getSecretKeyRef().getKey()));
			}
			environment.putAll(overrides);
			List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--pid", "--fork", "--kill-child",
					"--mount-proc=" + root.resolve("proc"), "/usr/bin/env", "-i"));
			environment.forEach((name, value) -> command.add(name + "=" + value));
			command.addAll(List.of("/usr/sbin/chroot", "--userspec=" + pod.getSecurityContext().getRunAsUser() + ":"
					+ pod.getSecurityContext().getRunAsGroup(), root.toString()));
			command.addAll(image.entrypoint());
			Path log = Files.createTempFile("chroot-pod-", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			return new ChrootPod(root, process, log);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void mountVolume(Path at, Volume volume, Rendered rendered, Map<String, Map<String, String>> secrets,
			long group) throws IOException {
		Files.createDirectories(at);
		if (volume.getEmptyDir() != null) {
			ImageTar.run(List.of("chmod", "1777", at.toString()));
		}
		else if (volume.getConfigMap() != null) {
			ConfigMap configMap = rendered.get(ConfigMap.class, volume.getConfigMap().getName());
			for (Map.Entry<String, String> file : configMap.getData().entrySet()) {
				write(at.resolve(file.getKey()), file.getValue(), "rw-r--r--", group);
			}
		}
		else if (volume.getProjected() != null) {
			String mode = Integer.toOctalString(volume.getProjected().getDefaultMode());
			for (var source : volume.getProjected().getSources()) {
				for (var item : source.getSecret().getItems()) {
					String value = secrets.get(source.getSecret().getName()).get(item.getKey());
					write(at.resolve(item.getPath()), value, permissions(mode), group);
				}
			}
		}
		else {
			throw new IllegalArgumentException("volume " + volume.getName() + " of a kind this test does not lay out");
		}
	}

	private static void write(Path file, String content, String permissions, long group) throws IOException {
		Files.writeString(file, content, StandardCharsets.UTF_8);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
		Files.setAttribute(file, "unix:gid", (int) group);
	}

	private static String permissions(String octal) {
		StringBuilder text = new StringBuilder();
		for (char digit : octal.toCharArray()) {
			int bits = digit - '0';
			text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
		}
		return text.toString();
	}

	Path root() {
		return this.root;
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException e) {
			return "(no log: " + e.getMessage() + ")";
		}
	}

	/** The application's process (the chroot's child), as the host sees it. */
	ProcessHandle application() {
		return this.process.descendants()
			.filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("the application is not running:\n" + log()));
	}

	boolean alive() {
		return this.process.isAlive();
	}

	/** Every file outside /tmp and /proc, with its size and modification time. */
	Map<String, String> files() {
		try (Stream<Path> files = Files.walk(this.root)) {
			Map<String, String> listing = new TreeMap<>();
			files.filter(f -> !f.startsWith(this.root.resolve("tmp")) && !f.startsWith(this.root.resolve("proc")))
				.forEach(f -> listing.put(this.root.relativize(f).toString(),
						f.toFile().length() + "@" + f.toFile().lastModified()));
			return listing;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Stops the application as the kubelet would (SIGTERM, then the rest), and removes the root. */
	@Override
	public void close() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (this.process.isAlive() && Instant.now().isBefore(deadline)) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
		ImageTar.run(List.of("rm", "-rf", this.root.toString(), this.log.toString()));
	}

}
