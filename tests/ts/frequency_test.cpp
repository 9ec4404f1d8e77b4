#include <gtest/gtest.h>

#include <vector>

#include "elman/ts/time_series.hpp"
#include "io/temp_folder.hpp"
#include "ts/date_helpers.hpp"

namespace elman::ts {
namespace {

using elman::testing::at;
using elman::testing::error_message;

Frequency infer(std::vector<TimePoint> dates) { return infer_frequency(dates); }

TEST(Frequency, InfersEachRegularFrequency) {
  EXPECT_EQ(infer({at(2017, 1, 1, 22), at(2017, 1, 1, 23), at(2017, 1, 2, 0)}), Frequency::Hourly);
  EXPECT_EQ(infer({at(2017, 2, 27), at(2017, 2, 28), at(2017, 3, 1)}), Frequency::Daily);
  EXPECT_EQ(infer({at(2017, 1, 2), at(2017, 1, 9), at(2017, 1, 16)}), Frequency::Weekly);
  EXPECT_EQ(infer({at(2016, 12, 1), at(2017, 1, 1), at(2017, 2, 1)}), Frequency::Monthly);
  EXPECT_EQ(infer({at(2017, 1, 1), at(2017, 4, 1), at(2017, 7, 1)}), Frequency::Quarterly);
  EXPECT_EQ(infer({at(2015, 1, 1), at(2016, 1, 1), at(2017, 1, 1)}), Frequency::Yearly);
}

// Weekdays with the weekends left out: business days, a Friday to Monday step being one. Weekdays a day apart
// that skip no weekend are daily, and a Saturday or Sunday among them makes the series daily with gaps.
TEST(Frequency, InfersBusinessDaysWhereTheWeekendsAreLeftOut) {
  EXPECT_EQ(infer({at(2024, 1, 4), at(2024, 1, 5), at(2024, 1, 8), at(2024, 1, 9)}), Frequency::BusinessDaily);
  EXPECT_EQ(infer({at(2024, 1, 5, 9), at(2024, 1, 8, 9)}), Frequency::BusinessDaily);
  EXPECT_EQ(infer({at(2024, 1, 2), at(2024, 1, 3), at(2024, 1, 4)}), Frequency::Daily);
  EXPECT_EQ(infer({at(2024, 1, 5), at(2024, 1, 6), at(2024, 1, 8)}), Frequency::Daily);
  EXPECT_EQ(infer({at(2024, 1, 5), at(2024, 1, 8, 9)}), Frequency::Irregular);
  // A holiday is a gap of one business day.
  EXPECT_EQ(infer({at(2024, 7, 2), at(2024, 7, 3), at(2024, 7, 5), at(2024, 7, 8)}), Frequency::BusinessDaily);
}

TEST(Frequency, AdvancesByBusinessDaysOverWeekends) {
  EXPECT_EQ(advance(at(2024, 1, 5), Frequency::BusinessDaily), at(2024, 1, 8));
  EXPECT_EQ(advance(at(2024, 1, 8, 9), Frequency::BusinessDaily, -1), at(2024, 1, 5, 9));
  EXPECT_EQ(advance(at(2024, 1, 3), Frequency::BusinessDaily, 10), at(2024, 1, 17));
  EXPECT_EQ(advance(at(2024, 1, 6), Frequency::BusinessDaily), at(2024, 1, 9));  // a Saturday counts as Monday
  // Before 1970 and across a year's end.
  EXPECT_EQ(advance(at(1969, 12, 31), Frequency::BusinessDaily, 2), at(1970, 1, 2));
  EXPECT_EQ(advance(at(1970, 1, 2), Frequency::BusinessDaily, -7), at(1969, 12, 24));
  EXPECT_EQ(advance(at(1965, 3, 1), Frequency::BusinessDaily, -1), at(1965, 2, 26));
  const TimeSeries series({at(2024, 12, 30), at(2024, 12, 31)}, {"v"}, {{1, 2}},
                          DateFormat::of(DateFormat::Style::IsoDate));
  EXPECT_EQ(series.frequency(), Frequency::Daily);
  const TimeSeries fridays({at(2024, 12, 26), at(2024, 12, 27), at(2024, 12, 30)}, {"v"}, {{1, 2, 3}},
                           DateFormat::of(DateFormat::Style::IsoDate));
  EXPECT_EQ(fridays.frequency(), Frequency::BusinessDaily);
  EXPECT_EQ(fridays.next_date(), at(2024, 12, 31));
  EXPECT_EQ(fridays.next_date(4), at(2025, 1, 3));
  EXPECT_EQ(fridays.next_date(5), at(2025, 1, 6));
}

TEST(Frequency, CountsMonthEndDatesAsMonthly) {
  EXPECT_EQ(infer({at(2016, 1, 31), at(2016, 2, 29), at(2016, 3, 31), at(2016, 4, 30)}), Frequency::Monthly);
  EXPECT_EQ(infer({at(2016, 3, 31), at(2016, 6, 30), at(2016, 9, 30)}), Frequency::Quarterly);
}

TEST(Frequency, SeesThroughAFewGaps) {
  EXPECT_EQ(infer({at(2017, 1, 1), at(2017, 2, 1), at(2017, 3, 1), at(2017, 6, 1)}), Frequency::Monthly);
  EXPECT_EQ(infer({at(2017, 1, 1), at(2017, 1, 2), at(2017, 1, 5)}), Frequency::Daily);
}

TEST(Frequency, CallsOtherDatesIrregular) {
  EXPECT_EQ(infer({}), Frequency::Irregular);
  EXPECT_EQ(infer({at(2017, 1, 1)}), Frequency::Irregular);
  EXPECT_EQ(infer({at(2017, 1, 1), at(2017, 1, 3), at(2017, 1, 4, 5)}), Frequency::Irregular);
  EXPECT_EQ(infer({at(2017, 1, 1), at(2017, 1, 15), at(2017, 2, 1)}), Frequency::Irregular);
  EXPECT_EQ(infer({at(2017, 1, 1), at(2017, 1, 4), at(2017, 1, 7), at(2017, 1, 8)}), Frequency::Irregular);
}

TEST(Frequency, AdvancesByCalendarPeriodsClampingTheDay) {
  EXPECT_EQ(advance(at(2017, 1, 31), Frequency::Monthly), at(2017, 2, 28));
  EXPECT_EQ(advance(at(2016, 1, 31), Frequency::Monthly), at(2016, 2, 29));
  EXPECT_EQ(advance(at(2017, 11, 15, 6), Frequency::Monthly, 3), at(2018, 2, 15, 6));
  EXPECT_EQ(advance(at(2017, 11, 30), Frequency::Quarterly), at(2018, 2, 28));
  EXPECT_EQ(advance(at(2016, 2, 29), Frequency::Yearly), at(2017, 2, 28));
  EXPECT_EQ(advance(at(2017, 12, 31, 23), Frequency::Hourly, 2), at(2018, 1, 1, 1));
  EXPECT_EQ(advance(at(2017, 2, 28), Frequency::Daily), at(2017, 3, 1));
  EXPECT_EQ(advance(at(2017, 1, 2), Frequency::Weekly, -1), at(2016, 12, 26));
  EXPECT_EQ(error_message([] { advance(at(2017, 1, 1), Frequency::Irregular); }),
            "cannot step an irregular series; expected a regular frequency");
}

TEST(Frequency, NamesRoundTrip) {
  for (const auto frequency : {Frequency::Hourly, Frequency::Daily, Frequency::BusinessDaily, Frequency::Weekly,
                               Frequency::Monthly, Frequency::Quarterly, Frequency::Yearly, Frequency::Irregular}) {
    EXPECT_EQ(parse_frequency(to_string(frequency)), frequency);
  }
  EXPECT_EQ(to_string(Frequency::Monthly), "monthly");
  EXPECT_EQ(error_message([] { parse_frequency("fortnightly"); }),
            "frequency: expected hourly, daily, business-daily, weekly, monthly, quarterly, yearly or irregular, got "
            "'fortnightly'");
}

TEST(MissingPolicy, NamesRoundTrip) {
  for (const auto policy : {MissingPolicy::Error, MissingPolicy::Drop, MissingPolicy::Interpolate}) {
    EXPECT_EQ(parse_missing_policy(to_string(policy)), policy);
  }
  EXPECT_EQ(error_message([] { parse_missing_policy("zero"); }),
            "missing-value policy: expected error, drop or interpolate, got 'zero'");
}

TEST(TimeSeries, ContinuesMonthEndSeriesWithMonthEnds) {
  const TimeSeries series({at(2017, 1, 31), at(2017, 2, 28), at(2017, 3, 31)}, {"v"}, {{1, 2, 3}},
                          DateFormat::of(DateFormat::Style::IsoDate));
  EXPECT_EQ(series.frequency(), Frequency::Monthly);
  EXPECT_EQ(series.next_date(), at(2017, 4, 30));
  EXPECT_EQ(series.next_date(2), at(2017, 5, 31));
}

TEST(TimeSeries, ContinuesMonthStartSeriesWithMonthStarts) {
  const TimeSeries series({at(2017, 11, 1), at(2017, 12, 1)}, {"v"}, {{1, 2}},
                          DateFormat::of(DateFormat::Style::IsoDate));
  EXPECT_EQ(series.next_date(), at(2018, 1, 1));
}

}  // namespace
}  // namespace elman::ts
