package io.github.mcpplatform.cnpg.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.postgresql.Driver;

/**
 * A real PostgreSQL server of the test JVM's own (Debian's {@code postgresql} package: initdb and pg_ctl), on a
 * free loopback port in a temporary directory, shared by every test class and stopped by its process id when the
 * JVM ends. Like a CloudNativePG instance it serves TLS and accepts only TLS connections with a SCRAM password, so
 * the backend's real connection settings are what the tests exercise.
 *
 * <p>
 * It has an application role {@value #APP_USER} owning database {@value #APP_DATABASE} (as CNPG's bootstrap makes
 * them), with a table {@code orders}, and a database {@value #STATS_DATABASE} where pg_stat_statements is
 * installed.
 */
public final class TestPostgres {

	public static final String APP_USER = "app";

	public static final String APP_DATABASE = "app";

	public static final String STATS_DATABASE = "stats";

	/** A role that may read every table and write none ({@code pg_read_all_data}), as a team would make for queries. */
	public static final String READER = "reader";

	private static TestPostgres instance;

	private final Path dir;

	private final int port;

	private final String superuserPassword;

	private final String appPassword;

	private final String readerPassword = "reader-" + UUID.randomUUID();

	private TestPostgres(Path dir, int port, String superuserPassword, String appPassword) {
		this.dir = dir;
		this.port = port;
		this.superuserPassword = superuserPassword;
		this.appPassword = appPassword;
	}

	/** The one server of this test JVM, started on first use. */
	public static synchronized TestPostgres get() {
		if (instance == null) {
			instance = start();
			Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
		}
		return instance;
	}

	/** Where the server listens: what the tests' {@link ServiceAddress} answers for every Service. */
	public InetSocketAddress address() {
		return new InetSocketAddress("127.0.0.1", this.port);
	}

	/** The application role's password, as the cluster's application secret holds it. */
	public String appPassword() {
		return this.appPassword;
	}

	/** The password of {@value #READER}. */
	public String readerPassword() {
		return this.readerPassword;
	}

	/** Runs statements as the superuser in {@code database}, for set-up and for looking behind the tools' backs. */
	public void superuser(String database, String... statements) {
		try (Connection connection = superuserConnection(database); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException("set-up SQL failed: " + e.getMessage(), e);
		}
	}

	/** The first column of the first row of a query run as the superuser in {@code database}. */
	public String superuserValue(String database, String sql) {
		try (Connection connection = superuserConnection(database);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			return rows.next() ? rows.getString(1) : null;
		}
		catch (SQLException e) {
			throw new IllegalStateException("test SQL failed: " + e.getMessage(), e);
		}
	}

	private Connection superuserConnection(String database) throws SQLException {
		Properties props = new Properties();
		props.setProperty("user", "postgres");
		props.setProperty("password", this.superuserPassword);
		props.setProperty("sslmode", "require");
		return new Driver().connect("jdbc:postgresql://127.0.0.1:" + this.port + "/" + database, props);
	}

	private static TestPostgres start() {
		Path bin = binaries();
		try {
			Path dir = Files.createTempDirectory("cnpg-backend-pg-");
			Path data = dir.resolve("data");
			String superuserPassword = UUID.randomUUID().toString();
			Path passwordFile = Files.writeString(dir.resolve("pw"), superuserPassword);
			int port = freePort();
			run(List.of("chown", "-R", user(), dir.toString()), true);
			run(asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A",
					"scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--no-sync"), false);
			// TLS only, as CloudNativePG serves it; a throwaway self-signed certificate.
			run(List.of("openssl", "req", "-new", "-x509", "-days", "2", "-nodes", "-subj", "/CN=localhost", "-keyout",
					data.resolve("server.key").toString(), "-out", data.resolve("server.crt").toString()), true);
			run(List.of("chown", user(), data.resolve("server.key").toString(), data.resolve("server.crt").toString()), true);
			run(List.of("chmod", "600", data.resolve("server.key").toString()), true);
			Files.writeString(data.resolve("pg_hba.conf"), "hostssl all all 127.0.0.1/32 scram-sha-256\n");
			run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-l",
					dir.resolve("server.log").toString(), "-o", "-p " + port + " -c listen_addresses=127.0.0.1 "
							+ "-c unix_socket_directories=" + dir + " -c ssl=on -c fsync=off "
							+ "-c shared_preload_libraries=pg_stat_statements", "start"), false);
			String appPassword = "app-" + UUID.randomUUID();
			TestPostgres postgres = new TestPostgres(dir, port, superuserPassword, appPassword);
			postgres.superuser("postgres", "CREATE ROLE " + APP_USER + " LOGIN PASSWORD '" + appPassword + "'",
					"CREATE DATABASE " + APP_DATABASE + " OWNER " + APP_USER, "CREATE DATABASE " + STATS_DATABASE,
					"CREATE ROLE " + READER + " LOGIN PASSWORD '" + postgres.readerPassword + "' IN ROLE pg_read_all_data");
			postgres.superuser(APP_DATABASE, "SET ROLE " + APP_USER,
					"CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric NOT NULL)",
					"INSERT INTO orders SELECT i, 'customer ' || i, i * 10 FROM generate_series(1, 50) AS i",
					"CREATE SEQUENCE order_numbers");
			postgres.superuser(STATS_DATABASE, "CREATE EXTENSION pg_stat_statements");
			return postgres;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Stops the server by its postmaster's process id (fast shutdown) and removes its directory. */
	private void stop() {
		try {
			String pid = Files.readAllLines(this.dir.resolve("data").resolve("postmaster.pid")).get(0).strip();
			ProcessHandle.of(Long.parseLong(pid)).ifPresent(postmaster -> {
				run(List.of("kill", "-INT", pid), true);
				postmaster.onExit().orTimeout(30, TimeUnit.SECONDS).join();
			});
			try (Stream<Path> files = Files.walk(this.dir)) {
				files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
		}
		catch (IOException | RuntimeException e) {
			System.err.println("could not stop the test PostgreSQL in " + this.dir + ": " + e.getMessage());
		}
	}

	/** The newest installed major's binaries (Debian keeps each under /usr/lib/postgresql/<major>/bin). */
	private static Path binaries() {
		try (Stream<Path> majors = Files.list(Path.of("/usr/lib/postgresql"))) {
			return majors.filter(p -> Files.isExecutable(p.resolve("bin").resolve("initdb")))
				.max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
				.map(p -> p.resolve("bin"))
				.orElseThrow();
		}
		catch (IOException | RuntimeException e) {
			throw new IllegalStateException("PostgreSQL is not installed: apt-get install postgresql", e);
		}
	}

	/** PostgreSQL refuses to run as root: as root, the server runs as Debian's postgres user. */
	private static boolean root() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static String user() {
		return root() ? "postgres" : System.getProperty("user.name");
	}

	private static List<String> asPostgres(String... command) {
		List<String> full = new ArrayList<>();
		if (root()) {
			full.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		full.addAll(List.of(command));
		return full;
	}

	private static void run(List<String> command, boolean quiet) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed" + (quiet ? "" : ":\n" + output));
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
