#include "elman/plot/ticks.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

namespace elman::plot {
namespace {

using namespace std::chrono;
using ::testing::ElementsAre;

sys_seconds on(int y, unsigned m, unsigned d, int hour = 0) {
  return sys_days{year{y} / month{m} / day{d}} + hours{hour};
}

TEST(DateTicks, ThirtyThreeYearsOfMonthlyDataGetTicksEveryFiveYearsOnNewYear) {
  const DateTicks ticks = date_ticks(on(1985, 1, 1), on(2018, 1, 1), 16);
  EXPECT_EQ(ticks.unit, DateUnit::Year);
  EXPECT_EQ(ticks.step, 5);
  EXPECT_THAT(ticks.labels, ElementsAre("1985", "1990", "1995", "2000", "2005", "2010", "2015"));
  EXPECT_EQ(ticks.at.front(), on(1985, 1, 1));
  EXPECT_EQ(ticks.at.back(), on(2015, 1, 1));
}

TEST(DateTicks, ThirtyThreeYearsWithMoreRoomGetTicksEveryTwoYears) {
  const DateTicks ticks = date_ticks(on(1985, 1, 1), on(2018, 1, 1), 20);
  EXPECT_EQ(ticks.step, 2);
  EXPECT_EQ(ticks.labels.size(), 17u);
  EXPECT_EQ(ticks.labels.front(), "1986");
  EXPECT_EQ(ticks.labels.back(), "2018");
}

TEST(DateTicks, StayInsideTheRangeWhenItStartsAfterNewYear) {
  const DateTicks ticks = date_ticks(on(1985, 2, 1), on(2017, 12, 1), 12);
  EXPECT_THAT(ticks.labels, ElementsAre("1990", "1995", "2000", "2005", "2010", "2015"));
}

TEST(DateTicks, OneYearOfMonthlyDataGetsMonthlyTicks) {
  const DateTicks ticks = date_ticks(on(2017, 1, 1), on(2017, 12, 1), 16);
  EXPECT_EQ(ticks.unit, DateUnit::Month);
  EXPECT_EQ(ticks.step, 1);
  EXPECT_THAT(ticks.labels, ElementsAre("2017-01", "2017-02", "2017-03", "2017-04", "2017-05", "2017-06", "2017-07",
                                        "2017-08", "2017-09", "2017-10", "2017-11", "2017-12"));
}

TEST(DateTicks, OneYearInANarrowChartGetsEveryOtherMonth) {
  const DateTicks ticks = date_ticks(on(2017, 1, 1), on(2017, 12, 1), 6);
  EXPECT_EQ(ticks.step, 2);
  EXPECT_THAT(ticks.labels, ElementsAre("2017-01", "2017-03", "2017-05", "2017-07", "2017-09", "2017-11"));
}

TEST(DateTicks, ThreeDaysGetDailyTicksAtMidnight) {
  const DateTicks ticks = date_ticks(on(2020, 3, 1), on(2020, 3, 4), 16);
  EXPECT_EQ(ticks.unit, DateUnit::Day);
  EXPECT_EQ(ticks.step, 1);
  EXPECT_THAT(ticks.labels, ElementsAre("2020-03-01", "2020-03-02", "2020-03-03", "2020-03-04"));
}

TEST(DateTicks, TenWeeksGetWeeklyTicksOnMondays) {
  const DateTicks ticks = date_ticks(on(2021, 1, 1), on(2021, 3, 12), 16);
  EXPECT_EQ(ticks.unit, DateUnit::Day);
  EXPECT_EQ(ticks.step, 7);
  EXPECT_EQ(ticks.labels.front(), "2021-01-04");
  for (const auto t : ticks.at) EXPECT_EQ(weekday{floor<days>(t)}, Monday);
}

TEST(DateTicks, OneDayOfHourlyDataGetsTicksEveryTwoHours) {
  const DateTicks ticks = date_ticks(on(2020, 3, 1), on(2020, 3, 1, 23), 16);
  EXPECT_EQ(ticks.unit, DateUnit::Hour);
  EXPECT_EQ(ticks.step, 2);
  EXPECT_EQ(ticks.labels.size(), 12u);
  EXPECT_EQ(ticks.labels[1], "03-01 02:00");
}

TEST(DateTicks, ACenturyGetsTicksEveryTenYears) {
  const DateTicks ticks = date_ticks(on(1900, 1, 1), on(2020, 1, 1), 16);
  EXPECT_EQ(ticks.step, 10);
  EXPECT_EQ(ticks.labels.size(), 13u);
}

TEST(DateTicks, AMinuteGetsTicksEveryFifteenSeconds) {
  const auto start = on(2020, 3, 1, 12);
  const DateTicks ticks = date_ticks(start, start + seconds{60}, 6);
  EXPECT_EQ(ticks.unit, DateUnit::Second);
  EXPECT_EQ(ticks.step, 15);
  EXPECT_THAT(ticks.labels, ElementsAre("12:00:00", "12:00:15", "12:00:30", "12:00:45", "12:01:00"));
}

TEST(NiceStep, RoundsUpToOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen) {
  EXPECT_DOUBLE_EQ(nice_step_at_least(0.83), 1.0);
  EXPECT_DOUBLE_EQ(nice_step_at_least(1.0), 1.0);
  EXPECT_DOUBLE_EQ(nice_step_at_least(1.2), 2.0);
  EXPECT_DOUBLE_EQ(nice_step_at_least(2.1), 2.5);
  EXPECT_DOUBLE_EQ(nice_step_at_least(3.0), 5.0);
  EXPECT_DOUBLE_EQ(nice_step_at_least(8.3), 10.0);
  EXPECT_DOUBLE_EQ(nice_step_at_least(0.023), 0.025);
  EXPECT_DOUBLE_EQ(nice_step_at_least(4100.0), 5000.0);
}

TEST(NumericTicks, ElectricityRangeGetsTicksEveryTen) {
  const NumericTicks ticks = numeric_ticks(51.2, 134.1, 10);
  EXPECT_DOUBLE_EQ(ticks.step, 10.0);
  EXPECT_THAT(ticks.labels, ElementsAre("60", "70", "80", "90", "100", "110", "120", "130"));
}

TEST(NumericTicks, UnitRangeWithFiveTicksUsesQuarters) {
  const NumericTicks ticks = numeric_ticks(0.0, 1.0, 5);
  EXPECT_DOUBLE_EQ(ticks.step, 0.25);
  EXPECT_THAT(ticks.labels, ElementsAre("0.00", "0.25", "0.50", "0.75", "1.00"));
}

TEST(NumericTicks, SymmetricRangePrintsZeroWithoutSign) {
  const NumericTicks ticks = numeric_ticks(-7.0, 7.0, 8);
  EXPECT_DOUBLE_EQ(ticks.step, 2.0);
  EXPECT_THAT(ticks.labels, ElementsAre("-6", "-4", "-2", "0", "2", "4", "6"));
}

TEST(NumericTicks, TenthsKeepOneDecimalDespiteRounding) {
  const NumericTicks ticks = numeric_ticks(0.1, 0.35, 3);
  EXPECT_DOUBLE_EQ(ticks.step, 0.1);
  EXPECT_THAT(ticks.labels, ElementsAre("0.1", "0.2", "0.3"));
}

TEST(NumericTicks, EmptyRangeGivesNoTicks) { EXPECT_TRUE(numeric_ticks(3.0, 3.0, 5).at.empty()); }

TEST(FormatTickValue, PrintsTheDecimalsTheStepNeeds) {
  EXPECT_EQ(format_tick_value(2.5, 2.5), "2.5");
  EXPECT_EQ(format_tick_value(5.0, 2.5), "5.0");
  EXPECT_EQ(format_tick_value(0.05, 0.05), "0.05");
  EXPECT_EQ(format_tick_value(-1e-17, 0.5), "0.0");
  EXPECT_EQ(format_tick_value(2000.0, 500.0), "2000");
}

}  // namespace
}  // namespace elman::plot
