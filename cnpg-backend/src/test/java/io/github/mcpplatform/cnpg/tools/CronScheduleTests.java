package io.github.mcpplatform.cnpg.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

/** CloudNativePG's six-field cron (robfig/cron v1.2.0's cron.Parse), and the times it fires. */
class CronScheduleTests {

	private static final ZonedDateTime NOON = ZonedDateTime.parse("2026-12-05T12:00:00Z");

	@Test
	void sixFieldsAreSecondsFirst() {
		assertThat(CronSchedule.parse("0 0 0 * * *").nextTimes(NOON, 2)).extracting(ZonedDateTime::toString)
			.containsExactly("2026-12-06T00:00Z", "2026-12-07T00:00Z");
		assertThat(CronSchedule.parse("30 15 2 * * 1-5").nextTimes(NOON, 2)).extracting(ZonedDateTime::toString)
			.containsExactly("2026-12-07T02:15:30Z", "2026-12-08T02:15:30Z");
	}

	@Test
	void fiveFieldsAreRefusedSayingHowCloudNativePgWouldReadThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse("0 0 * * *"))
			.withMessageContaining("has 5 field(s)")
			.withMessageContaining("seconds first")
			.withMessageContaining("'0 0 0 * * *'");
	}

	@Test
	void aValueOutOfRangeIsNamedByItsFieldAndEveryBadFieldIsListed() {
		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse("60 0 25 * 13 *"))
			.withMessageContaining("second (field 1) '60' has 60, out of range: use 0 to 59")
			.withMessageContaining("hour (field 3) '25' has 25, out of range: use 0 to 23")
			.withMessageContaining("month (field 5) '13' has 13, out of range: use 1 to 12");
	}

	@Test
	void malformedFieldsAreRefusedWithWhatTheyMustBe() {
		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse("0 */0 x 5-1 * 1,,2"))
			.withMessageContaining("minute (field 2) '*/0' has step '0'")
			.withMessageContaining("hour (field 3) 'x' has 'x': use a number from 0 to 23")
			.withMessageContaining("day of month (field 4) '5-1' starts at 5, after its end 1")
			.withMessageContaining("day of week (field 6) '1,,2' has an empty list item");
	}

	@Test
	void namesStepsAndDescriptorsAreTaken() {
		assertThat(CronSchedule.parse("0 0 6 * jan-mar mon").next(NOON)).hasValue(ZonedDateTime.parse("2027-01-04T06:00:00Z"));
		assertThat(CronSchedule.parse("0 */20 * * * ?").nextTimes(NOON, 3)).extracting(ZonedDateTime::toString)
			.containsExactly("2026-12-05T12:20Z", "2026-12-05T12:40Z", "2026-12-05T13:00Z");
		assertThat(CronSchedule.parse("@weekly").next(NOON)).hasValue(ZonedDateTime.parse("2026-12-06T00:00:00Z"));
		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse("@every 1h"))
			.withMessageContaining("not a descriptor");
	}

	@Test
	void dayOfMonthAndDayOfWeekBothRestrictedMatchEither() {
		// robfig/cron (like Vixie cron): when neither day field is '*', a day matching either one fires.
		assertThat(CronSchedule.parse("0 0 0 1 * sun").nextTimes(NOON, 2)).extracting(ZonedDateTime::toString)
			.containsExactly("2026-12-06T00:00Z", "2026-12-13T00:00Z");
	}

	@Test
	void aScheduleNoDateMatchesNeverFires() {
		assertThat(CronSchedule.parse("0 0 0 30 2 *").next(NOON)).isEmpty();
	}

}
