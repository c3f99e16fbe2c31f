package io.github.mcpplatform.gateway.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import io.github.mcpplatform.gateway.configrepo.ConfigRepoStatus;
import io.github.mcpplatform.gateway.configrepo.ConfigRepoSync;

/**
 * Logs the gateway's MCP URL and the line that adds it to Claude Code, once it accepts requests; when the
 * config repo is not loaded yet, says so instead of "ready" (backends connect in the background; {@code ./run}
 * prints its own banner once they have).
 */
@Component
class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

	private final ConfigRepoSync configRepo;

	StartupBanner(ConfigRepoSync configRepo) {
		this.configRepo = configRepo;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
			String address = event.getApplicationContext().getEnvironment().getProperty("server.address", "127.0.0.1");
			String url = "http://" + address + ":" + web.getWebServer().getPort() + "/mcp";
			ConfigRepoStatus status = this.configRepo.status();
			if (status.live() == null) {
				log.warn("MCP gateway started at {}, but the config repo {} is not loaded yet{}: no tools until it is "
						+ "(GET /config-repo/status). Add it to Claude Code with: claude mcp add --transport http platform {}",
						url, status.uri(), status.lastError() == null ? "" : " (" + status.lastError() + ")", url);
				return;
			}
			log.info("MCP gateway ready at {}. Add it to Claude Code with: claude mcp add --transport http platform {}",
					url, url);
		}
	}

}
