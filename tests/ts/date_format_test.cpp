#include <gtest/gtest.h>

#include <string>
#include <tuple>
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

// Stamps with a zone are read as instants in UTC and written back in UTC, with the file's way of writing the zone,
// or at the offset of a stamp (the series' newest).
TEST(DateFormat, ReadsIsoStampsWithAZoneAsInstantsInUtc) {
  const auto utc = detected({"2017-01-31T13:00:00Z", "2017-01-31T14:00:00Z"});
  EXPECT_EQ(utc.describe(), "%Y-%m-%dT%H:%M:%SZ");
  EXPECT_EQ(utc.parse("2017-01-31T13:00:00Z"), at(2017, 1, 31, 13));
  EXPECT_EQ(utc.format(at(2017, 1, 31, 15)), "2017-01-31T15:00:00Z");
  const auto offset = detected({"2017-03-26 01:00:00+01:00", "2017-03-26 03:00:00+02:00"});
  EXPECT_EQ(offset.describe(), "%Y-%m-%d %H:%M:%S%Ez");
  EXPECT_EQ(offset.parse("2017-03-26 03:00:00+02:00"), at(2017, 3, 26, 1));
  EXPECT_EQ(offset.format(at(2017, 3, 26, 2)), "2017-03-26 02:00:00+00:00");
  const auto summer = offset.with_offset_of("2017-03-26 03:00:00+02:00");
  EXPECT_EQ(summer.format(at(2017, 3, 26, 2)), "2017-03-26 04:00:00+02:00");
  EXPECT_EQ(summer.format(at(2017, 12, 31, 23)), "2018-01-01 01:00:00+02:00");
  EXPECT_EQ(summer.parse("2017-03-26 04:00:00+02:00"), at(2017, 3, 26, 2));
  EXPECT_EQ(summer.describe(), offset.describe());
  EXPECT_EQ(offset.with_offset_of("not a stamp").format(at(2017, 3, 26, 2)), "2017-03-26 02:00:00+00:00");
  EXPECT_EQ(utc.with_offset_of("2017-01-31T13:00:00Z").format(at(2017, 1, 31, 15)), "2017-01-31T15:00:00Z");
  const auto compact = detected({"2017-01-31 13:00-0500"});
  EXPECT_EQ(compact.describe(), "%Y-%m-%d %H:%M%z");
  EXPECT_EQ(compact.parse("2017-01-31 13:00-0500"), at(2017, 1, 31, 18));
  EXPECT_EQ(compact.with_offset_of("2017-01-31 13:00-0530").format(at(2017, 1, 31, 18)), "2017-01-31 12:30-0530");
  EXPECT_FALSE(DateFormat::detect(std::vector<std::string>{"2017-01-31 13:00:00+1:00"}));
  EXPECT_FALSE(DateFormat::detect(std::vector<std::string>{"2017-01-31Z"}));
  // A sign with no digits after it is no offset (found by fuzzing: the parser underneath overflowed on it).
  EXPECT_EQ(offset.parse("2017-02-01 00:00:0-+00:00"), std::nullopt);
  EXPECT_EQ(offset.parse("2017-02-01 00:00:00-"), std::nullopt);
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

TEST(DateFormat, FindsNoShapeForOtherText) {
  for (const std::string text :
       {"2017-003", "2017-W3-1", "2017W123", "Jan 5th 2017", "5 2017", "Q1 2017", "2017Q5", "2017-01-31 13:00:00.5"})
    EXPECT_FALSE(DateFormat::detect(std::vector<std::string>{text})) << text;
  EXPECT_FALSE(DateFormat::detect(std::vector<std::string>{}));
}

// The other usual shapes (pandas' to_datetime reads them all): quarters, ISO weeks and whole-second fractions as
// built-in styles, the rest as strftime patterns; each is read, and written back as the file writes it.
TEST(DateFormat, DetectsTheUsualShapesAndWritesThemBack) {
  const std::vector<std::tuple<std::string, std::string, TimePoint>> cases{
      {"2017Q1", "YYYYQn", at(2017, 1, 1)},
      {"2017-Q3", "YYYY-Qn", at(2017, 7, 1)},
      {"2017 Q4", "YYYY Qn", at(2017, 10, 1)},
      {"2017-W03", "YYYY-Www", at(2017, 1, 16)},
      {"2020W01", "YYYYWww", at(2019, 12, 30)},
      {"2020-W53", "YYYY-Www", at(2020, 12, 28)},
      {"2017 W3", "YYYY Ww", at(2017, 1, 16)},
      {"2017-01-31 13:05:09.000", "YYYY-MM-DD HH:MM:SS.sss", at(2017, 1, 31, 13, 5, 9)},
      {"2017-01-31T13:05:09.000Z", "%Y-%m-%dT%H:%M:%S.000Z", at(2017, 1, 31, 13, 5, 9)},
      {"2017/01/31", "%Y/%m/%d", at(2017, 1, 31)},
      {"2017/01", "%Y/%m", at(2017, 1, 1)},
      {"20170131", "%Y%m%d", at(2017, 1, 31)},
      {"201701", "%Y%m", at(2017, 1, 1)},
      {"2017M01", "%YM%m", at(2017, 1, 1)},
      {"31-Jan-2017", "%d-%b-%Y", at(2017, 1, 31)},
      {"31-Jan-17", "%d-%b-%y", at(2017, 1, 31)},
      {"31 Jan 2017", "%d %b %Y", at(2017, 1, 31)},
      {"Jan 2017", "%b %Y", at(2017, 1, 1)},
      {"January 2017", "%B %Y", at(2017, 1, 1)},
      {"Jan-2017", "%b-%Y", at(2017, 1, 1)},
      {"Jan-17", "%b-%y", at(2017, 1, 1)},
      {"Jan 31, 2017", "%b %d, %Y", at(2017, 1, 31)},
      {"Jan 31 2017", "%b %d %Y", at(2017, 1, 31)},
      {"2017 Jan", "%Y %b", at(2017, 1, 1)},
      {"2017 JAN", "%Y %b", at(2017, 1, 1)},
      {"2017-Sep", "%Y-%b", at(2017, 9, 1)},
      {"SEP-2017", "%b-%Y", at(2017, 9, 1)},
      {"01-31-2017", "%m-%d-%Y", at(2017, 1, 31)},
      {"31-01-2017", "%d-%m-%Y", at(2017, 1, 31)},
      {"01/31/2017 13:05", "%m/%d/%Y %H:%M", at(2017, 1, 31, 13, 5)},
      {"31-01-2017 13:05", "%d-%m-%Y %H:%M", at(2017, 1, 31, 13, 5)},
      {"01.02.2017 13:05:09", "%d.%m.%Y %H:%M:%S", at(2017, 2, 1, 13, 5, 9)},
  };
  for (const auto& [text, description, date] : cases) {
    const auto format = detected({text});
    EXPECT_EQ(format.describe(), description) << text;
    EXPECT_EQ(format.parse(text), date) << text;
    EXPECT_EQ(format.format(date), text) << text;
  }
  EXPECT_EQ(detected({"2017q2"}).parse("2017q2"), at(2017, 4, 1));  // written back as 2017Q2
  // ISO weeks: 2021 has 52, so its week 53 is no date.
  EXPECT_EQ(detected({"2021-W52"}).parse("2021-W53"), std::nullopt);
  EXPECT_EQ(detected({"2021-W52"}).parse("2021-W00"), std::nullopt);
  // Names of months in full anywhere make the whole column's names full ("May" alone says neither).
  EXPECT_EQ(detected({"May 2017", "June 2017"}).format(at(2017, 7, 1)), "July 2017");
  EXPECT_EQ(detected({"May 2017", "Jun 2017"}).format(at(2017, 7, 1)), "Jul 2017");
}

// Month names as spreadsheets in other languages write them (German Mär and Mrz, French janv. and août, Spanish
// ene, Italian gennaio, Dutch mrt, Portuguese fev): read, and written back in the file's language, kind and case.
TEST(DateFormat, ReadsMonthNamesInSevenLanguagesAndWritesThemBack) {
  struct Case {
    std::vector<std::string> samples;
    std::string pattern;
    TimePoint first;
    std::vector<std::string> written;  // July, August, September and December 2017
  };
  const std::vector<Case> cases{
      {{"Jan 2017", "Feb 2017", "Mär 2017", "Mai 2017"},
       "%b %Y",
       at(2017, 1, 1),
       {"Jul 2017", "Aug 2017", "Sep 2017", "Dez 2017"}},
      {{"Mrz 17", "Okt 17"}, "%b %y", at(2017, 3, 1), {"Jul 17", "Aug 17", "Sep 17", "Dez 17"}},
      {{"Januar 2017", "März 2017"},
       "%B %Y",
       at(2017, 1, 1),
       {"Juli 2017", "August 2017", "September 2017", "Dezember 2017"}},
      {{"janv. 2017", "févr. 2017", "mars 2017"},
       "%b %Y",
       at(2017, 1, 1),
       {"juil. 2017", "août 2017", "sept. 2017", "déc. 2017"}},
      {{"01-janv.-2017"},
       "%d-%b-%Y",
       at(2017, 1, 1),
       {"01-juil.-2017", "01-août-2017", "01-sept.-2017", "01-déc.-2017"}},
      {{"janvier 2017", "mai 2017"},
       "%B %Y",
       at(2017, 1, 1),
       {"juillet 2017", "août 2017", "septembre 2017", "décembre 2017"}},
      {{"ene-17", "abr-17"}, "%b-%y", at(2017, 1, 1), {"jul-17", "ago-17", "sep-17", "dic-17"}},
      {{"gennaio 2017", "maggio 2017"},
       "%B %Y",
       at(2017, 1, 1),
       {"luglio 2017", "agosto 2017", "settembre 2017", "dicembre 2017"}},
      {{"1 mrt 2017"}, "%d %b %Y", at(2017, 3, 1), {"01 jul 2017", "01 aug 2017", "01 sep 2017", "01 dec 2017"}},
      {{"jan/17", "fev/17"}, "%b/%y", at(2017, 1, 1), {"jul/17", "ago/17", "set/17", "dez/17"}},
      {{"MÄR 2017", "OKT 2017"}, "%b %Y", at(2017, 3, 1), {"JUL 2017", "AUG 2017", "SEP 2017", "DEZ 2017"}},
      {{"jan 2017", "may 2017"}, "%b %Y", at(2017, 1, 1), {"jul 2017", "aug 2017", "sep 2017", "dec 2017"}},
  };
  for (const auto& c : cases) {
    const auto format = detected(c.samples);
    EXPECT_EQ(format.describe(), c.pattern) << c.samples.front();
    EXPECT_EQ(format.parse(c.samples.front()), c.first) << c.samples.front();
    const std::vector<TimePoint> dates{at(2017, 7, 1), at(2017, 8, 1), at(2017, 9, 1), at(2017, 12, 1)};
    for (std::size_t i = 0; i < dates.size(); ++i) {
      EXPECT_EQ(format.format(dates[i]), c.written[i]) << c.samples.front();
      EXPECT_EQ(format.parse(c.written[i]), dates[i]) << c.written[i];
    }
  }
  // A pattern given names the language of the dates it reads too.
  const auto given = DateFormat::custom("%d %B %Y").with_names_of(std::vector<std::string>{"3 Oktober 2017"});
  EXPECT_EQ(given.parse("3 Oktober 2017"), at(2017, 10, 3));
  EXPECT_EQ(given.format(at(2017, 3, 5)), "05 März 2017");
}

// Dashed day and month numbers are ordered as slashed ones are, with the note naming the dashed patterns.
TEST(DateFormat, OrdersDashedDatesAsSlashedOnes) {
  std::string note;
  EXPECT_EQ(detected({"01-01-2017", "01-02-2017", "01-03-2017", "01-01-2018"}, &note).describe(), "%d-%m-%Y");
  EXPECT_EQ(note, "");
  EXPECT_EQ(detected({"01-01-2017", "02-01-2017", "03-01-2017", "01-01-2018"}, &note).describe(), "%m-%d-%Y");
  EXPECT_EQ(note, "");
  EXPECT_EQ(detected({"02-03-2017", "03-04-2017"}, &note).describe(), "%m-%d-%Y");
  EXPECT_EQ(note,
            "dates such as '02-03-2017' could be month-day or day-month; read as month first: give --date-format "
            "%m-%d-%Y to confirm (and silence this note) or %d-%m-%Y for day first");
  // With a time, as spreadsheets write date-time cells (unpadded hours read too).
  EXPECT_EQ(detected({"2/3/2017 0:00", "2/3/2017 1:00"}, &note).parse("2/3/2017 1:00"), at(2017, 2, 3, 1));
  EXPECT_EQ(note,
            "dates such as '2/3/2017 0:00' could be month/day or day/month; read as month first: give --date-format "
            "'%m/%d/%Y %H:%M' to confirm (and silence this note) or '%d/%m/%Y %H:%M' for day first");
  EXPECT_EQ(detected({"1/1/2017 0:00", "1/2/2017 0:00", "1/1/2018 0:00"}, &note).describe(), "%d/%m/%Y %H:%M");
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
