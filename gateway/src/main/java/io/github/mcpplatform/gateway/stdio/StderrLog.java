package io.github.mcpplatform.gateway.stdio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stdio process's stderr, line by line, into the gateway's log with the backend's name: MCP servers log there.
 * Lines that say error, exception, fatal, panic or traceback are logged at WARN, the rest at INFO. At most
 * {@code linesPerMinute} lines a minute are logged, each cut at {@value #MAX_LOGGED} characters with control
 * characters replaced; the rest are counted and the count is logged, so that a process flooding its stderr cannot
 * fill the gateway's log (nor forge lines in it).
 */
final class StderrLog {

	private static final Logger log = LoggerFactory.getLogger(StderrLog.class);

	static final int MAX_LOGGED = 500;

	/** Bytes of one line that are kept while reading; the rest of a longer line is skipped. */
	private static final int MAX_READ = 4 * MAX_LOGGED;

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private static final Pattern TROUBLE = Pattern.compile("\\b(error|exception|fatal|panic|traceback)\\b",
			Pattern.CASE_INSENSITIVE);

	private final String backend;

	private final long pid;

	private final int linesPerMinute;

	private long windowStart = System.nanoTime();

	private int logged;

	private int dropped;

	StderrLog(String backend, long pid, int linesPerMinute) {
		this.backend = backend;
		this.pid = pid;
		this.linesPerMinute = linesPerMinute;
	}

	/** Reads the stream until it ends (blocking). */
	void drain(InputStream stderr) {
		try (stderr) {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			int next;
			while ((next = stderr.read()) != -1) {
				if (next == '\n') {
					line(line.toString(StandardCharsets.UTF_8));
					line.reset();
				}
				else if (line.size() < MAX_READ) {
					line.write(next);
				}
			}
			if (line.size() > 0) {
				line(line.toString(StandardCharsets.UTF_8));
			}
		}
		catch (IOException e) {
			// The process is gone.
		}
		summarize();
	}

	void line(String text) {
		long now = System.nanoTime();
		if (now - this.windowStart >= WINDOW.toNanos()) {
			summarize();
			this.windowStart = now;
			this.logged = 0;
		}
		if (this.logged >= this.linesPerMinute) {
			this.dropped++;
			return;
		}
		this.logged++;
		String shown = printable(text.strip(), MAX_LOGGED);
		if (TROUBLE.matcher(shown).find()) {
			log.warn("Backend {} (pid {}) stderr: {}", this.backend, this.pid, shown);
		}
		else {
			log.info("Backend {} (pid {}) stderr: {}", this.backend, this.pid, shown);
		}
	}

	private void summarize() {
		if (this.dropped > 0) {
			log.warn("Backend {} (pid {}) wrote {} more lines to stderr that were not logged (at most {} a minute: "
					+ "gateway.backends.stdio.stderr-lines-per-minute)", this.backend, this.pid, this.dropped,
					this.linesPerMinute);
			this.dropped = 0;
		}
	}

	/** At most {@code max} characters of the text, control characters shown as '?'. */
	static String printable(String text, int max) {
		String cut = text.length() > max ? text.substring(0, max) + "..." : text;
		return cut.replaceAll("\\p{Cntrl}", "?");
	}

}
