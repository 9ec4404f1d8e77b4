#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "elman/ts/time_series.hpp"
#include "ts/date_helpers.hpp"

namespace elman::ts {
namespace {

using elman::testing::at;
using Style = DateFormat::Style;

DateFormat detected(std::vector<std::string> samples, std::string* note = nullptr) {
  const auto format = DateFormat::detect(samples, note);
  if (!format) throw std::runtime_error("no format detected");
  return *format;
}

TEST(DateFormat, ReadsAmbiguousDatesMonthFirstAndSaysTheGuess) {
  std::string note;
  const auto format = detected({"1/1/1985", "2/1/1985", "12/1/1985"}, &note);
  EXPECT_EQ(format.style(), Style::MonthDayYear);
  EXPECT_EQ(format.describe(), "M/D/YYYY");
  EXPECT_EQ(note,
            "dates such as '2/1/1985' could be month/day or day/month; read as month first: give --date-format "
            "M/D/YYYY to confirm (and silence this note) or D/M/YYYY for day first");
  EXPECT_EQ(format.parse("2/1/1985"), at(1985, 2, 1));
  EXPECT_EQ(format.format(at(1985, 1, 1)), "1/1/1985");
  EXPECT_EQ(format.format(at(2018, 12, 31)), "12/31/2018");
}

// Over several years, a monthly series on the first of the month proves its order: the other order would put every
// date in January.
TEST(DateFormat, ReadsAFixedDayOfEachMonthOverSeveralYearsWithoutANote) {
  std::string note;
  EXPECT_EQ(detected({"1/1/1985", "2/1/1985", "12/1/1985", "1/1/1986"}, &note).style(), Style::MonthDayYear);
  EXPECT_EQ(note, "");
  const auto day_first = detected({"1/1/1985", "1/2/1985", "1/12/1985", "1/1/1986"}, &note);
  EXPECT_EQ(day_first.style(), Style::DayMonthYear);
  EXPECT_EQ(note, "");
  EXPECT_EQ(day_first.parse("1/2/1985"), at(1985, 2, 1));
  EXPECT_EQ(day_first.format(at(1986, 4, 1)), "1/4/1986");
  EXPECT_EQ(detected({"1/1/2000", "1/4/2000", "1/7/2000", "1/10/2000", "1/1/2001"}).style(), Style::DayMonthYear);
}

TEST(DateFormat, SaysTheGuessWhenNeitherFieldIsFixedOrTheYearIsOne) {
  for (const std::vector<std::string>& samples :
       {std::vector<std::string>{"3/1/2000", "3/1/2001"}, {"1/2/2000", "2/3/2001", "3/4/2002"}}) {
    std::string note;
    EXPECT_EQ(detected(samples, &note).style(), Style::MonthDayYear);
    EXPECT_NE(note, "") << samples.front();
  }
}

// Stamps with a zone are read as instants in UTC and written back in UTC, with the file's way of writing the zone.
TEST(DateFormat, ReadsIsoStampsWithAZoneAsInstantsInUtc) {
  const auto utc = detected({"2017-01-31T13:00:00Z", "2017-01-31T14:00:00Z"});
  EXPECT_EQ(utc.describe(), "%Y-%m-%dT%H:%M:%SZ");
  EXPECT_EQ(utc.parse("2017-01-31T13:00:00Z"), at(2017, 1, 31, 13));
  EXPECT_EQ(utc.format(at(2017, 1, 31, 15)), "2017-01-31T15:00:00Z");
  const auto offset = detected({"2017-03-26 01:00:00+01:00", "2017-03-26 03:00:00+02:00"});
  EXPECT_EQ(offset.describe(), "%Y-%m-%d %H:%M:%S%Ez");
  EXPECT_EQ(offset.parse("2017-03-26 03:00:00+02:00"), at(2017, 3, 26, 1));
  EXPECT_EQ(offset.format(at(2017, 3, 26, 2)), "2017-03-26 02:00:00+00:00");
  const auto compact = detected({"2017-01-31 13:00-0500"});
  EXPECT_EQ(compact.describe(), "%Y-%m-%d %H:%M%z");
  EXPECT_EQ(compact.parse("2017-01-31 13:00-0500"), at(2017, 1, 31, 18));
  EXPECT_FALSE(DateFormat::detect(std::vector<std::string>{"2017-01-31 13:00:00+1:00"}));
  EXPECT_FALSE(DateFormat::detect(std::vector<std::string>{"2017-01-31Z"}));
}

TEST(DateFormat, NeedsNoNoteWhenADayExceeds12) {
  std::string note;
  EXPECT_EQ(detected({"1/1/2017", "1/13/2017"}, &note).style(), Style::MonthDayYear);
  EXPECT_EQ(note, "");
}

TEST(DateFormat, ReadsDayFirstWhenAFirstNumberExceeds12) {
  std::string note;
  const auto format = detected({"1/2/2017", "13/2/2017"}, &note);
  EXPECT_EQ(format.style(), Style::DayMonthYear);
  EXPECT_EQ(note, "");
  EXPECT_EQ(format.parse("13/2/2017"), at(2017, 2, 13));
  EXPECT_EQ(format.format(at(2017, 2, 3)), "3/2/2017");
}

TEST(DateFormat, KeepsTheZeroPaddingOfTheFile) {
  const auto format = detected({"10/12/2017", "01/02/2017"});
  EXPECT_EQ(format.describe(), "MM/DD/YYYY");
  EXPECT_EQ(format.format(at(2017, 1, 2)), "01/02/2017");
  EXPECT_EQ(detected({"2017-1-5"}).format(at(2017, 3, 4)), "2017-3-4");
}

TEST(DateFormat, DetectsIsoDatesMonthsAndDateTimes) {
  EXPECT_EQ(detected({"2017-01-31"}).style(), Style::IsoDate);
  EXPECT_EQ(detected({"2017-01"}).style(), Style::YearMonth);
  EXPECT_EQ(detected({"2017-01-31 13:05"}).describe(), "YYYY-MM-DD HH:MM");
  EXPECT_EQ(detected({"2017-01-31T13:05:09"}).describe(), "YYYY-MM-DDTHH:MM:SS");
  EXPECT_EQ(detected({"31.01.2017"}).describe(), "DD.MM.YYYY");
  EXPECT_EQ(detected({"2017"}).describe(), "YYYY");
  EXPECT_EQ(detected({"2017"}).parse("2017"), at(2017, 1, 1));
  EXPECT_FALSE(detected({"2017"}).parse("17").has_value());
  EXPECT_FALSE(detected({"2017"}).parse("2017-01").has_value());
}

TEST(DateFormat, WritesEachBuiltInStyleBackAsRead) {
  for (const std::string text : {"1/31/2017", "31/1/2017", "31.01.2017", "2017-01-31", "2017-01", "2017-01-31 13:05",
                                 "2017-01-31T13:05:09", "2017-01-31 00:00:00", "2017"}) {
    const auto format = detected({text, "31/1/2017" == text ? "13/1/2017" : text});
    const auto date = format.parse(text);
    ASSERT_TRUE(date.has_value()) << text;
    EXPECT_EQ(format.format(*date), text);
  }
}

TEST(DateFormat, RejectsDatesThatDoNotExist) {
  const auto month_first = DateFormat::of(Style::MonthDayYear);
  EXPECT_FALSE(month_first.parse("13/45/2017"));
  EXPECT_FALSE(month_first.parse("2/30/2017"));
  EXPECT_FALSE(month_first.parse("2/29/2017"));
  EXPECT_EQ(month_first.parse("2/29/2016"), at(2016, 2, 29));
  EXPECT_FALSE(DateFormat::of(Style::IsoDateTime).parse("2017-01-01 24:00"));
  EXPECT_FALSE(DateFormat::of(Style::IsoDate).parse("2017-00-10"));
}

TEST(DateFormat, RejectsMalformedText) {
  const auto iso = DateFormat::of(Style::IsoDate);
  for (const auto* text : {"", "2017-01-01x", "17-01-01", "2017/01/01", "2017-001-01", " 2017-01-01"}) {
    EXPECT_FALSE(iso.parse(text)) << text;
  }
}

TEST(DateFormat, FindsNoBuiltInShapeForOtherText) {
  EXPECT_FALSE(DateFormat::detect(std::vector<std::string>{"Jan 5, 2017"}));
  EXPECT_FALSE(DateFormat::detect(std::vector<std::string>{}));
}

TEST(DateFormat, ReadsAndWritesStrftimePatterns) {
  const auto format = DateFormat::custom("%d %b %Y");
  EXPECT_EQ(format.parse("05 Jan 2017"), at(2017, 1, 5));
  EXPECT_EQ(format.format(at(2017, 1, 5)), "05 Jan 2017");
  EXPECT_EQ(format.describe(), "%d %b %Y");
  EXPECT_FALSE(format.parse("31 Feb 2017"));
  EXPECT_FALSE(format.parse("05 Jan 2017 extra"));
}

TEST(DateFormat, ReadsPatternsWithoutADayAsTheFirstOfTheMonth) {
  EXPECT_EQ(DateFormat::custom("%Y%m").parse("201703"), at(2017, 3, 1));
  EXPECT_EQ(DateFormat::custom("%Y").parse("2017"), at(2017, 1, 1));
}

}  // namespace
}  // namespace elman::ts
