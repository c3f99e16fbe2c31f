package io.github.mcpplatform.gateway.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Logs the gateway's MCP URL and the line that adds it to Claude Code, once it accepts requests. */
@Component
class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
			String address = event.getApplicationContext().getEnvironment().getProperty("server.address", "127.0.0.1");
			String url = "http://" + address + ":" + web.getWebServer().getPort() + "/mcp";
			log.info("MCP gateway ready at {}. Add it to Claude Code with: claude mcp add --transport http platform {}",
					url, url);
		}
	}

}
