package io.github.mcpplatform.cnpg.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ArgumentsTests {

	private static final Param<String> NAME = Param.kubernetesName("name", "n");

	private static final Param<Integer> COUNT = Param.integer("count", "c", 1, 10).defaultsTo(3);

	private static final Param<String> SIZE = Param.quantity("size", "s").optional();

	private static final List<Param<?>> PARAMS = List.of(NAME, COUNT, SIZE);

	@Test
	void parseWhenValidThenGivesValuesAndDefaults() {
		Arguments arguments = Arguments.parse(Map.of("name", "pg-1"), PARAMS);

		assertThat(arguments.get(NAME)).isEqualTo("pg-1");
		assertThat(arguments.get(COUNT)).isEqualTo(3);
		assertThat(arguments.has(COUNT)).isFalse();
		assertThat(arguments.get(SIZE)).isNull();
	}

	@Test
	void parseWhenSeveralProblemsThenListsThemAll() {
		assertThatThrownBy(() -> Arguments.parse(Map.of("count", 0, "size", "0Gi", "nmae", "x"), PARAMS))
			.isInstanceOf(InvalidArgumentsException.class)
			.hasMessage("Invalid arguments, nothing was changed: unknown parameter 'nmae' (this tool takes name, count, "
					+ "size); name is required; count must be from 1 to 10, got 0; size must be larger than zero.");
	}

	@Test
	void parseWhenANumberIsFractionalOrAStringThenRefuses() {
		assertThatThrownBy(() -> Arguments.parse(Map.of("name", "a", "count", 2.5), PARAMS))
			.hasMessageContaining("count must be a whole number from 1 to 10");
		assertThatThrownBy(() -> Arguments.parse(Map.of("name", "a", "count", "2"), PARAMS))
			.hasMessageContaining("count must be a whole number");
	}

	@Test
	void parseWhenAParameterHasTwoSpellingsThenEitherOrBothAlikeGiveItsValue() {
		Param<String> cluster = NAME.alsoSpelled("cluster_name", "the same");

		assertThat(Arguments.parse(Map.of("name", "pg"), List.of(cluster)).get(cluster)).isEqualTo("pg");
		assertThat(Arguments.parse(Map.of("cluster_name", "pg"), List.of(cluster)).get(cluster)).isEqualTo("pg");
		assertThat(Arguments.parse(Map.of("name", "pg", "cluster_name", "pg"), List.of(cluster)).get(cluster))
			.isEqualTo("pg");
	}

	@Test
	void parseWhenTwoSpellingsDifferOrAreBothMissingThenRefusesNamingBoth() {
		Param<String> cluster = NAME.alsoSpelled("cluster_name", "the same");

		assertThatThrownBy(() -> Arguments.parse(Map.of("name", "a", "cluster_name", "b"), List.of(cluster)))
			.hasMessageContaining("name and cluster_name are two spellings of one parameter and were given different "
					+ "values ('a' and 'b'): give one of them");
		assertThatThrownBy(() -> Arguments.parse(Map.of(), List.of(cluster)))
			.hasMessageContaining("name or cluster_name is required");
		assertThatThrownBy(() -> Arguments.parse(Map.of("cluster_name", "Not_Valid"), List.of(cluster)))
			.hasMessageContaining("cluster_name 'Not_Valid' is not a valid Kubernetes name")
			.message()
			.doesNotContain("is required");
	}

	@Test
	void majorVersionsAreTakenAsNumbersOrStrings() {
		Param<Integer> version = Param.majorVersion("v", "d", List.of(16, 17));

		assertThat(version.parse(17)).isEqualTo(17);
		assertThat(version.parse(17.0)).isEqualTo(17);
		assertThat(version.parse("17")).isEqualTo(17);
		for (Object refused : List.of(15, 16.5, "17.1", "seventeen", true)) {
			assertThatThrownBy(() -> version.parse(refused)).as("%s", refused)
				.hasMessage("must be one of 16, 17 (a number or a string)");
		}
	}

	@Test
	void parseWhenNullIsGivenThenTreatsItAsAbsent() {
		Map<String, Object> raw = new HashMap<>();
		raw.put("name", "a");
		raw.put("count", null);

		assertThat(Arguments.parse(raw, PARAMS).get(COUNT)).isEqualTo(3);
	}

	@Test
	void kubernetesNamesFollowRfc1123Labels() {
		for (String good : List.of("a", "pg-1", "a".repeat(63))) {
			assertThat(NAME.parse(good)).isEqualTo(good);
		}
		for (String bad : List.of("", "-a", "a-", "A", "a_b", "a.b", "a".repeat(64), "ä")) {
			assertThatThrownBy(() -> NAME.parse(bad)).hasMessageContaining("RFC 1123");
		}
	}

	@Test
	void newPostgresNamesAllowUnderscoresButNoHyphenAndNothingThatNeedsQuoting() {
		Param<String> role = Param.postgresName("role", "r");
		for (String good : List.of("app", "app_reader", "app_1")) {
			assertThat(role.parse(good)).isEqualTo(good);
		}
		// 'app-1' would share its secret and object name with 'app_1'; '_app' is no valid label value
		for (String bad : List.of("app-1", "_app", "1app", "App", "app_", "a b", "a\"b", "a;b", "a".repeat(64))) {
			assertThatThrownBy(() -> role.parse(bad)).hasMessageContaining("is not a valid name")
				.hasMessageContaining("(not '-')");
		}
	}

	@Test
	void existingPostgresNamesMayHaveTheHyphenEarlierVersionsAccepted() {
		Param<String> role = Param.existingPostgresName("role", "r");
		for (String good : List.of("app", "app_reader", "app-1")) {
			assertThat(role.parse(good)).isEqualTo(good);
		}
		for (String bad : List.of("1app", "App", "app-", "a b", "a;b")) {
			assertThatThrownBy(() -> role.parse(bad)).hasMessageContaining("is not a valid name");
		}
	}

	@Test
	void quantitiesAreKubernetesQuantities() {
		for (String good : List.of("1Gi", "500Mi", "10G", "1.5Ti", "1024")) {
			assertThat(SIZE.parse(good)).isEqualTo(good);
		}
		for (String bad : List.of("1 Gi", "1gb", "Gi", "-1Gi", "1e3")) {
			assertThatThrownBy(() -> SIZE.parse(bad)).hasMessageContaining("not a Kubernetes quantity");
		}
	}

}
