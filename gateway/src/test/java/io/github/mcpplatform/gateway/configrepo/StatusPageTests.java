package io.github.mcpplatform.gateway.configrepo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What the status page writes of values it does not control: escaped, and backend addresses left out. */
class StatusPageTests {

	private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

	@Test
	void everyValueIsEscapedSoThatNoneBecomesMarkup() {
		ConfigRepoStatus config = new ConfigRepoStatus("https://git.example/<b>repo</b>.git", "main",
				new ConfigRepoStatus.Live("abc123", "git", 1, NOW.minusSeconds(90)),
				new ConfigRepoStatus.Rejected("def456", List.of("backends.yaml:3 name: \"<script>alert(1)</script>\" is no name"),
						NOW.minusSeconds(30)),
				"pull failed: <img src=x onerror=alert(1)>", NOW.minusSeconds(5));
		List<BackendSummary> backends = List.of(new BackendSummary("db", "DOWN", 0, "streamable-http",
				"Connection refused: db.internal/10.0.0.7:8081 \"<i>\"", NOW.minus(Duration.ofHours(2))));

		String page = StatusPage.render(config, backends, new StatusPage.Replica("1.2.3", NOW.minus(Duration.ofDays(3)), 7L), NOW);

		assertThat(page).doesNotContain("<script>").doesNotContain("<img").doesNotContain("<i>").doesNotContain("<b>")
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
			.contains("&lt;img src=x onerror=alert(1)&gt;")
			.doesNotContain("10.0.0.7").doesNotContain("db.internal")
			.contains("<dd>1.2.3</dd>")
			.contains("(up 3 d 0 h)")
			.contains("<dd>7</dd>")
			.contains("2 h 0 min ago");
	}

	@Test
	void aStoreThatDidNotAnswerIsSaidNotGuessed() {
		String page = StatusPage.render(new ConfigRepoStatus("repo", "main", null, null, null, null), List.of(),
				new StatusPage.Replica(null, NOW, null), NOW);

		assertThat(page).contains("<dt>Sessions open</dt><dd>unknown: the store did not answer</dd>")
			.contains("<dt>Version</dt><dd>unknown</dd>")
			.contains("<dd>nothing yet</dd>")
			.contains("<p>None enabled.</p>");
	}

}
