package io.github.mcpplatform.gateway.configrepo;

import java.util.List;
import java.util.stream.Collectors;

/** The config repo's content cannot be used; every problem is listed, so one commit can fix them all. */
public final class ConfigRejectedException extends RuntimeException {

	private final List<ConfigProblem> problems;

	public ConfigRejectedException(List<ConfigProblem> problems) {
		super(problems.size() + " problem(s) in the config repo:\n"
				+ problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
		this.problems = List.copyOf(problems);
	}

	public List<ConfigProblem> problems() {
		return this.problems;
	}

}
