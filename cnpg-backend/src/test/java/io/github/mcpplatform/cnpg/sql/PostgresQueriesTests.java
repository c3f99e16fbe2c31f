package io.github.mcpplatform.cnpg.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.test.StepVerifier;

/** How {@link PostgresQueries} fails when PostgreSQL is not there or does not answer: with a reason, not a hang. */
class PostgresQueriesTests {

	private static final QueryTarget TARGET = new QueryTarget("db", "pg-ro", "app", new Credentials("app", "secret-x"));

	private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable c : this.opened) {
			c.close();
		}
	}

	@Test
	void aServerThatAcceptsButNeverAnswersFailsAtTheConnectTimeoutSayingWhere() throws IOException {
		ServerSocket silent = new ServerSocket(0);
		this.opened.add(silent);
		Thread acceptor = new Thread(() -> {
			try {
				while (!silent.isClosed()) {
					Socket connection = silent.accept();
					this.opened.add(connection);
				}
			}
			catch (IOException closed) {
				// the test is over
			}
		});
		acceptor.setDaemon(true);
		acceptor.start();
		PostgresQueries queries = queries(new InetSocketAddress("127.0.0.1", silent.getLocalPort()));

		StepVerifier.create(queries.run(TARGET, "SELECT 1", 10))
			.expectErrorSatisfies(e -> assertThat(e).isInstanceOf(QueryFailedException.class)
				.hasMessageStartingWith("cannot connect to 127.0.0.1:" + silent.getLocalPort())
				.hasMessageNotContaining("secret-x"))
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void aClosedPortFailsAtOnceWithTheConnectionState() throws IOException {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		PostgresQueries queries = queries(new InetSocketAddress("127.0.0.1", port));

		StepVerifier.create(queries.run(TARGET, "SELECT 1", 10))
			.expectErrorSatisfies(e -> assertThat(((QueryFailedException) e).sqlState()).startsWith("08"))
			.verify(Duration.ofSeconds(30));
	}

	private PostgresQueries queries(InetSocketAddress address) {
		PostgresQueries queries = new PostgresQueries(new SqlProperties(Duration.ofSeconds(2), Duration.ofSeconds(1), 100, 1),
				(namespace, service) -> address);
		this.opened.add(queries);
		return queries;
	}

}
