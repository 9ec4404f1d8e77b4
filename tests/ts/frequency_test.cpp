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
  for (const auto frequency : {Frequency::Hourly, Frequency::Daily, Frequency::Weekly, Frequency::Monthly,
                               Frequency::Quarterly, Frequency::Yearly, Frequency::Irregular}) {
    EXPECT_EQ(parse_frequency(to_string(frequency)), frequency);
  }
  EXPECT_EQ(to_string(Frequency::Monthly), "monthly");
  EXPECT_EQ(error_message([] { parse_frequency("fortnightly"); }),
            "unknown frequency 'fortnightly'; expected hourly, daily, weekly, monthly, quarterly, yearly or irregular");
}

TEST(MissingPolicy, NamesRoundTrip) {
  for (const auto policy : {MissingPolicy::Error, MissingPolicy::Drop, MissingPolicy::Interpolate}) {
    EXPECT_EQ(parse_missing_policy(to_string(policy)), policy);
  }
  EXPECT_EQ(error_message([] { parse_missing_policy("zero"); }),
            "unknown missing-value policy 'zero'; expected error, drop or interpolate");
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
