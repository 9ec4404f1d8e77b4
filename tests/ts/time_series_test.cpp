#include "elman/ts/time_series.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "elman/core/error.hpp"
#include "io/temp_folder.hpp"
#include "ts/date_helpers.hpp"

namespace elman::ts {
namespace {

using elman::testing::at;
using elman::testing::error_message;
using elman::testing::TempFolder;
using ::testing::ElementsAre;

const std::filesystem::path kElectric = std::filesystem::path(ELMAN_SOURCE_DIR) / "data" / "electric.csv";

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The bundled file's lines (without line ends), to build variants of it.
std::vector<std::string> electric_lines() {
  std::istringstream in(read_bytes(kElectric));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// Rewrites each data line's date (M/D/YYYY) and joins the lines with `delimiter` and `line_end`.
std::string electric_variant(char delimiter, std::string_view line_end, bool iso_dates, bool quoted) {
  std::string text;
  const auto lines = electric_lines();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto comma = lines[i].find(',');
    std::string date = lines[i].substr(0, comma);
    std::string value = lines[i].substr(comma + 1);
    if (i > 0 && iso_dates) {
      int month = 0;
      int day = 0;
      int year = 0;
      std::sscanf(date.c_str(), "%d/%d/%d", &month, &day, &year);
      date = fmt::format("{:04}-{:02}-{:02}", year, month, day);
    }
    if (quoted) {
      date = "\"" + date + "\"";
      value = "\"" + value + "\"";
    }
    text += date + delimiter + value + std::string(line_end);
  }
  return text;
}

TEST(ReadCsvSeries, ReadsTheBundledElectricitySeries) {
  const auto series = read_csv_series(kElectric);
  ASSERT_EQ(series.size(), 397U);
  EXPECT_EQ(series.value_name(), "elec-prod");
  EXPECT_EQ(series.date_column(), "date");
  EXPECT_THAT(series.names(), ElementsAre("elec-prod"));
  EXPECT_EQ(series.dates().front(), at(1985, 1, 1));
  EXPECT_EQ(series.dates().back(), at(2018, 1, 1));
  EXPECT_EQ(series.values().front(), 72.5052);
  EXPECT_EQ(series.values().back(), 129.4048);
  EXPECT_EQ(series.values("elec-prod")[1], 70.672);
  EXPECT_EQ(series.frequency(), Frequency::Monthly);
  EXPECT_EQ(series.date_format().describe(), "M/D/YYYY");
  EXPECT_EQ(series.date_format().format(series.dates().front()), "1/1/1985");
  EXPECT_EQ(series.date_format().format(series.next_date()), "2/1/2018");
  EXPECT_EQ(series.source, kElectric.string());
  EXPECT_EQ(series.lines.front(), 2U);
  EXPECT_EQ(series.lines.back(), 398U);
  EXPECT_TRUE(series.notes.empty());  // over 33 years the days stay 1 while the months change: month first
}

// Many exports list the newest date first: such a file is read oldest first, each row keeping its line.
TEST(ReadCsvSeries, ReadsAFileListedNewestFirstOldestFirst) {
  const TempFolder folder;
  const auto series =
      read_csv_series(folder.write("n.csv", "date,v\n2017-04-01,4\n2017-03-01,3\n2017-02-01,NA\n2017-01-01,1\n"),
                      {.missing = MissingPolicy::Interpolate});
  EXPECT_THAT(series.notes, ElementsAre("the file lists the newest date first; its rows are read oldest first",
                                        "filled 1 missing value by linear interpolation"));
  EXPECT_EQ(series.dates().front(), at(2017, 1, 1));
  EXPECT_EQ(series.dates().back(), at(2017, 4, 1));
  EXPECT_THAT(series.values(), ElementsAre(1.0, 2.0, 3.0, 4.0));
  EXPECT_THAT(series.lines, ElementsAre(5U, 4U, 3U, 2U));
  EXPECT_EQ(series.frequency(), Frequency::Monthly);
}

// Across the change to summer time the local clock skips 02:00, and the offset says so: the hours run on. Dates after
// the series' are written at its newest offset.
TEST(ReadCsvSeries, ReadsStampsWithOffsetsAcrossDaylightSavingAsRegularHours) {
  const TempFolder folder;
  const auto series = read_csv_series(folder.write("z.csv",
                                                   "date,load\n2017-03-26 00:00:00+01:00,1\n"
                                                   "2017-03-26 01:00:00+01:00,2\n2017-03-26 03:00:00+02:00,3\n"
                                                   "2017-03-26 04:00:00+02:00,4\n"));
  EXPECT_TRUE(series.notes.empty());
  EXPECT_EQ(series.frequency(), Frequency::Hourly);
  EXPECT_EQ(series.dates().front(), at(2017, 3, 25, 23));
  EXPECT_EQ(series.dates().back(), at(2017, 3, 26, 2));
  EXPECT_EQ(series.date_format().format(series.next_date()), "2017-03-26 05:00:00+02:00");
  EXPECT_EQ(series.read_with.date_format, "%Y-%m-%d %H:%M:%S%Ez");
}

// Quarters as statistics offices write them, JavaScript's stamps and spreadsheet months: each file's frequency is
// found and its next date written as the file writes dates.
TEST(ReadCsvSeries, ReadsQuartersWeeksMillisecondStampsAndMonthNames) {
  const TempFolder folder;
  const auto quarters = read_csv_series(folder.write("q.csv", "date,v\n2016Q3,1\n2016Q4,2\n2017Q1,3\n"));
  EXPECT_EQ(quarters.frequency(), Frequency::Quarterly);
  EXPECT_EQ(quarters.date_format().format(quarters.next_date()), "2017Q2");
  // ISO weeks across a year of 53 weeks.
  const auto weeks = read_csv_series(folder.write("w.csv", "week,v\n2020-W52,1\n2020-W53,2\n2021-W01,3\n"));
  EXPECT_EQ(weeks.frequency(), Frequency::Weekly);
  EXPECT_EQ(weeks.date_format().format(weeks.next_date()), "2021-W02");
  EXPECT_EQ(weeks.dates().back(), at(2021, 1, 4));
  const auto stamps = read_csv_series(folder.write("h.csv",
                                                   "time,v\n2017-01-31T22:00:00.000Z,1\n2017-01-31T23:00:00.000Z,2\n"
                                                   "2017-02-01T00:00:00.000Z,3\n"));
  EXPECT_EQ(stamps.frequency(), Frequency::Hourly);
  EXPECT_EQ(stamps.date_format().format(stamps.next_date()), "2017-02-01T01:00:00.000Z");
  const auto months = read_csv_series(folder.write("m.csv", "Month;Sales\nNov-16;1,5\nDec-16;2\nJan-17;3\n"));
  EXPECT_EQ(months.frequency(), Frequency::Monthly);
  EXPECT_EQ(months.date_format().format(months.next_date()), "Feb-17");
  EXPECT_EQ(months.values()[0], 1.5);
  EXPECT_EQ(months.read_with.date_format, "%b-%y");
}

// A download with a title and a source line above its table: the rows are read from the header down, with a note,
// and errors name the file's own lines.
TEST(ReadCsvSeries, SkipsTitlesAboveTheTableWithANote) {
  const TempFolder folder;
  const auto path =
      folder.write("t.csv", "Industrial production\nSource: a survey\n\ndate,v\n2017-01-01,1\n2017-02-01,2\n");
  const auto series = read_csv_series(path);
  EXPECT_EQ(series.values()[1], 2.0);
  EXPECT_EQ(series.lines.front(), 5u);
  EXPECT_EQ(series.notes,
            std::vector<std::string>{"the table starts on line 4, its header; the lines above it are skipped "
                                     "(--skip 2 says so and silences this note)"});
  EXPECT_EQ(series.read_with.skip_lines, std::nullopt);
  EXPECT_TRUE(read_csv_series(path, {.skip_lines = 2}).notes.empty());
  EXPECT_EQ(error_message([&] { read_csv_series(path, {.skip_lines = 1}); }),
            path.string() +
                ":4: expected 1 field as in the header, got 2 (if the table's header is this line, give "
                "--skip 3)");
}

// Excel's "sep=;" hint line above the header.
TEST(ReadCsvSeries, ReadsTheDelimiterThatExcelsHintLineNames) {
  const TempFolder folder;
  const auto series = read_csv_series(folder.write("s.csv", "sep=;\r\ndate;v\r\n2017-01-01;1,5\r\n2017-01-02;2\r\n"));
  EXPECT_EQ(series.value_name(), "v");
  EXPECT_EQ(series.values()[0], 1.5);
}

TEST(ReadCsvSeries, ReadsAMonthlySeriesWrittenDayFirst) {
  const TempFolder folder;
  const auto series =
      read_csv_series(folder.write("d.csv", "date,v\n1/11/1999,1\n1/12/1999,2\n1/1/2000,3\n1/2/2000,4\n"));
  EXPECT_TRUE(series.notes.empty());
  EXPECT_EQ(series.frequency(), Frequency::Monthly);
  EXPECT_EQ(series.dates().back(), at(2000, 2, 1));
  EXPECT_EQ(series.date_format().format(series.next_date()), "1/3/2000");
}

TEST(ReadCsvSeries, NamedSlashedStylesNeedNoNoteAndWriteDatesUnpadded) {
  const auto reference = read_csv_series(kElectric);
  const auto month_first = read_csv_series(kElectric, {.date_format = "M/D/YYYY"});
  EXPECT_TRUE(month_first.notes.empty());
  EXPECT_EQ(month_first.dates(), reference.dates());
  EXPECT_EQ(month_first.date_format().format(month_first.next_date()), "2/1/2018");
  const TempFolder folder;
  const auto day_first = read_csv_series(folder.write("d.csv", "date,v\n1/2/1985,1\n1/3/1985,2\n1/4/1985,3\n"),
                                         {.date_format = "D/M/YYYY"});
  EXPECT_TRUE(day_first.notes.empty());
  EXPECT_EQ(day_first.date_format().format(day_first.next_date()), "1/5/1985");
  // Named with two digits each, they are written zero-padded (and still read unpadded dates).
  const auto padded = read_csv_series(folder.path() / "d.csv", {.date_format = "DD/MM/YYYY"});
  EXPECT_EQ(padded.dates(), day_first.dates());
  EXPECT_EQ(padded.date_format().describe(), "DD/MM/YYYY");
  EXPECT_EQ(padded.date_format().format(padded.next_date()), "01/05/1985");
  EXPECT_EQ(read_csv_series(kElectric, {.date_format = "MM/DD/YYYY"}).date_format().format(reference.next_date()),
            "02/01/2018");
}

TEST(ReadCsvSeries, ReadsVariantsOfTheBundledFileIdentically) {
  const auto reference = read_csv_series(kElectric);
  const TempFolder folder;
  const std::vector<std::pair<std::string, std::string>> variants{
      {"bom.csv", "\xEF\xBB\xBF" + read_bytes(kElectric)},
      {"lf.csv", electric_variant(',', "\n", false, false)},
      {"iso.csv", electric_variant(',', "\r\n", true, false)},
      {"quoted.csv", electric_variant(',', "\n", false, true)},
      {"semicolon.csv", electric_variant(';', "\r\n", false, false)},
      {"trailing-blank-lines.csv", read_bytes(kElectric) + "\r\n\r\n"},
      {"decimal-comma.csv", electric_variant(';', "\r\n", false, false)},
      {"tab.csv", electric_variant('\t', "\n", true, false)},
  };
  // The delimiter and the decimal comma are detected: no option names them.
  for (auto [name, text] : variants) {
    if (name == "decimal-comma.csv") std::ranges::replace(text, '.', ',');  // 72,5052
    const auto series = read_csv_series(folder.write(name, text));
    EXPECT_EQ(series.dates(), reference.dates()) << name;
    EXPECT_TRUE(std::ranges::equal(series.values(), reference.values())) << name;
    EXPECT_EQ(series.value_name(), "elec-prod") << name;
    EXPECT_EQ(series.frequency(), Frequency::Monthly) << name;
  }
  const auto iso = read_csv_series(folder.path() / "iso.csv");
  EXPECT_EQ(iso.date_format().format(iso.dates().front()), "1985-01-01");
  EXPECT_TRUE(iso.notes.empty());
}

// The bundled series as statistics offices and climate records publish monthly figures: a title, then a row per
// year with a column per month and an annual total, the months not yet published marked ***.
std::string electric_by_year() {
  std::map<int, std::array<std::string, 12>> years;
  const auto lines = electric_lines();
  for (std::size_t i = 1; i < lines.size(); ++i) {
    int month = 0, day = 0, year = 0;
    std::sscanf(lines[i].c_str(), "%d/%d/%d", &month, &day, &year);
    const auto [row, added] = years.try_emplace(year);
    if (added) row->second.fill("***");
    row->second[std::size_t(month - 1)] = lines[i].substr(lines[i].find(',') + 1);
  }
  std::string text = "Electric and gas utilities, index 2017 = 100\n";
  text += "Year,Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec,Annual\n";
  for (const auto& [year, months] : years) {
    text += std::to_string(year);
    for (const auto& value : months) text += "," + value;
    text += ",x\n";
  }
  return text;
}

TEST(ReadCsvSeries, ReadsATableOfYearsByMonths) {
  const auto reference = read_csv_series(kElectric);
  const TempFolder folder;
  const auto series = read_csv_series(folder.write("by-year.csv", electric_by_year()));
  ASSERT_EQ(series.size(), 397U);
  EXPECT_EQ(series.dates(), reference.dates());
  EXPECT_TRUE(std::ranges::equal(series.values(), reference.values()));
  EXPECT_EQ(series.value_name(), "value");
  EXPECT_EQ(series.date_column(), "Year");
  EXPECT_EQ(series.frequency(), Frequency::Monthly);
  EXPECT_EQ(series.date_format().format(series.dates().back()), "2018-01");
  EXPECT_EQ(series.lines.front(), 3U);
  EXPECT_EQ(series.lines.back(), 36U);
  EXPECT_THAT(series.notes, ElementsAre(::testing::StartsWith("the table starts on line 2"),
                                        "read as a table of years by months: one series, 'value', 1985-01 to 2018-01"));
  // Asking for the one series by its name reads it the same; asking for a month reads that month, one row a year.
  EXPECT_EQ(read_csv_series(folder.path() / "by-year.csv", {.value_columns = {"value"}}).size(), 397U);
  const auto januaries = read_csv_series(folder.path() / "by-year.csv", {.value_columns = {"Jan"}});
  EXPECT_EQ(januaries.size(), 34U);
  EXPECT_EQ(januaries.frequency(), Frequency::Yearly);
  EXPECT_EQ(januaries.values()[0], 72.5052);
}

TEST(ReadCsvSeries, ReadsTablesOfYearsByQuartersOrFullMonthNamesNewestYearFirst) {
  const TempFolder folder;
  const auto quarters = read_csv_series(folder.write("q.csv", "Qtr1,Qtr2,Qtr3,Qtr4,yr\n1,2,3,4,2020\n5,6,,,2021\n"));
  EXPECT_THAT(std::vector<double>(quarters.values().begin(), quarters.values().end()), ElementsAre(1, 2, 3, 4, 5, 6));
  EXPECT_EQ(quarters.frequency(), Frequency::Quarterly);
  EXPECT_EQ(quarters.date_format().format(quarters.dates().back()), "2021Q2");
  std::string months = "year;January;February;March;April;May;June;July;August;Sept.;October;November;December\n";
  months += "2021;13;14;15;16;17;18;19;20;21;22;23;24\n";
  months += "2020;1;2;3;4;5;6;7;8;9;10;11;12\n";
  const auto newest_first = read_csv_series(folder.write("m.csv", months));
  ASSERT_EQ(newest_first.size(), 24U);
  for (std::size_t i = 0; i < 24; ++i) EXPECT_EQ(newest_first.values()[i], double(i + 1)) << i;
  EXPECT_EQ(newest_first.dates().front(), at(2020, 1, 1));
  EXPECT_THAT(newest_first.lines, ::testing::Each(::testing::AnyOf(2U, 3U)));
  EXPECT_EQ(newest_first.lines.front(), 3U);
  EXPECT_THAT(newest_first.notes,
              ElementsAre("the table lists the newest year first; its rows are read oldest first",
                          "read as a table of years by months: one series, 'value', 2020-01 to 2021-12"));
  // A first column that holds no year, or months out of order, is no such table.
  EXPECT_EQ(read_csv_series(folder.write("d.csv",
                                         "date,jan,feb,mar,apr,may,jun,jul,aug,sep,oct,nov,dec\n"
                                         "2020-01-01,1,2,3,4,5,6,7,8,9,10,11,12\n"))
                .value_name(),
            "jan");
}

// A statistics office's table in German (months named in full, ';' between fields, decimal commas), and a year
// column with a month column named in French.
TEST(ReadCsvSeries, ReadsMonthsNamedInAnotherLanguageInHeadersAndColumns) {
  const TempFolder folder;
  const auto table = read_csv_series(
      folder.write("de.csv",
                   "Jahr;Januar;Februar;März;April;Mai;Juni;Juli;August;September;Oktober;November;Dezember\n"
                   "2016;1,5;2;3;4;5;6;7;8;9;10;11;12\n2017;13;14;15;;;;;;;;;\n"));
  EXPECT_EQ(table.size(), 15u);
  EXPECT_EQ(table.values()[0], 1.5);
  EXPECT_EQ(table.dates().back(), at(2017, 3, 1));
  const auto columns =
      read_csv_series(folder.write("fr.csv", "year,month,v\n2017,janv.,1\n2017,févr.,2\n2017,mars,3\n"));
  EXPECT_EQ(columns.dates().back(), at(2017, 3, 1));
  // The start of a full name, where it starts only one (Janu., Octob.; jui starts both juin and juillet).
  const auto started = read_csv_series(folder.write(
      "p.csv", "Year,Janu.,Febr.,Mar,Apr,May,Jun,Jul,Aug,Sept.,Octob.,Nov,Dec\n2017,1,2,3,4,5,6,7,8,9,10,11,12\n"));
  EXPECT_EQ(started.size(), 12u);
  EXPECT_EQ(started.values()[9], 10.0);
  EXPECT_EQ(
      error_message([&] { read_csv_series(folder.write("jui.csv", "year,month,v\n2017,jui,1\n")); }),
      (folder.path() / "jui.csv").string() + ":2: column 'month': expected a month, 1 to 12 or its name, got 'jui'");
}

TEST(ReadCsvSeries, PicksTheDateColumnByNameAndTheFirstNumericColumnAfterIt) {
  const TempFolder folder;
  const auto path = folder.write("x.csv", "id,ds,name,price,volume\na,2017-01-01,x,1.5,7\nb,2017-01-02,y,2.5,8\n");
  const auto series = read_csv_series(path);
  EXPECT_EQ(series.date_column(), "ds");
  EXPECT_THAT(series.names(), ElementsAre("price"));
  EXPECT_THAT(series.notes, ElementsAre("the values are column 'price' (--value-col names another: volume)"));
  EXPECT_THAT(std::vector<double>(series.values().begin(), series.values().end()), ElementsAre(1.5, 2.5));
  EXPECT_EQ(series.frequency(), Frequency::Daily);
}

// Files of several series in long form: Eurostat's SDMX-CSV (the date in TIME_PERIOD, the values in OBS_VALUE
// after codes), a data-frame export with two key columns that are numbers. --where keeps one series' rows; its
// columns are not taken for the values.
TEST(ReadCsvSeries, ReadsOneSeriesOfAFileInLongFormByItsKeys) {
  const TempFolder folder;
  const auto sdmx = folder.write("sdmx.csv",
                                 "DATAFLOW,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
                                 "ESTAT:X(1.0),M,15,DE,2020-01,101.5,\nESTAT:X(1.0),M,15,DE,2020-02,102.5,p\n"
                                 "ESTAT:X(1.0),M,15,United Kingdom,2020-01,99.5,\n"
                                 "ESTAT:X(1.0),M,15,United Kingdom,2020-02,98.5,\n");
  const auto uk = read_csv_series(sdmx, {.where = {{"geo", " United Kingdom "}}});
  EXPECT_EQ(uk.date_column(), "TIME_PERIOD");
  EXPECT_EQ(uk.value_name(), "OBS_VALUE");
  EXPECT_THAT(std::vector<double>(uk.values().begin(), uk.values().end()), ElementsAre(99.5, 98.5));
  EXPECT_THAT(uk.lines, ElementsAre(4, 5));
  EXPECT_EQ(uk.frequency(), Frequency::Monthly);
  EXPECT_EQ(uk.read_with.where, (std::vector<std::pair<std::string, std::string>>{{"geo", " United Kingdom "}}));
  EXPECT_EQ(uk.title(), "OBS_VALUE (United Kingdom)");
  const auto sales = folder.write("sales.csv",
                                  "date,store,item,sales\n2017-01-01,1,1,13\n2017-01-01,1,2,10\n2017-01-01,2,1,7\n"
                                  "2017-01-02,1,1,14\n2017-01-02,1,2,11\n2017-01-02,2,1,8\n");
  const auto one = read_csv_series(sales, {.where = {{"store", "1"}, {"item", "2"}}});
  EXPECT_EQ(one.value_name(), "sales");
  EXPECT_THAT(std::vector<double>(one.values().begin(), one.values().end()), ElementsAre(10, 11));
  EXPECT_EQ(one.frequency(), Frequency::Daily);
  EXPECT_EQ(one.title(), "sales (store 1, item 2)");  // codes of digits after their columns' names
}

// The series a file in long form holds, each as the conditions that read it, in the order the file first holds
// them, within the rows an earlier condition keeps; each read from the one pass as read_csv_series reads it alone.
TEST(LongFormFile, ReadsEachSeriesInTheOrderOfTheFileAsReadCsvSeriesReadsItAlone) {
  const TempFolder folder;
  const auto sales = folder.write("sales.csv",
                                  "date;store;item;sales;price\n1/2/2017;2;1;7;1.5\n1/2/2017; 1 ;2;10;2\n"
                                  "1/2/2017;1;1;13;3\n1/3/2017;2;1;8;1.5\n1/3/2017;1;2;;2\n1/3/2017;1;1;14;3\n"
                                  "1/4/2017;1;2;12;2\n1/4/2017;2;1;9;1.5\n1/4/2017;1;1;15;3\n");
  using Where = std::vector<std::pair<std::string, std::string>>;
  const std::vector<std::string> store_item{"store", "item"};
  const CsvSeriesOptions interpolated{.missing = MissingPolicy::Interpolate};
  const LongFormFile file(sales, interpolated, store_item);
  ASSERT_EQ(file.size(), 3u);
  const std::vector<Where> expected{
      {{"store", "2"}, {"item", "1"}}, {{"store", "1"}, {"item", "2"}}, {{"store", "1"}, {"item", "1"}}};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(file.conditions(i), expected[i]);
    CsvSeriesOptions alone_options = interpolated;
    alone_options.where = expected[i];
    const TimeSeries alone = read_csv_series(sales, alone_options), one = file.read(i);
    EXPECT_EQ(one.dates(), alone.dates());
    EXPECT_EQ(one.names(), alone.names());
    EXPECT_EQ(std::vector<double>(one.values().begin(), one.values().end()),
              std::vector<double>(alone.values().begin(), alone.values().end()));
    EXPECT_EQ(one.lines, alone.lines);
    EXPECT_EQ(one.notes, alone.notes);
    EXPECT_EQ(one.read_with, alone.read_with);
    EXPECT_EQ(one.title(), alone.title());
  }
  EXPECT_THAT(file.read(1).values(), ElementsAre(10, 11, 12));  // interpolated on line 6
  EXPECT_EQ(file.read(1).notes.front(), "the values are column 'sales' (--value-col names another: price)");
  EXPECT_EQ(file.read(1).notes.back(), "filled 1 missing value by linear interpolation");
  EXPECT_EQ(file.read(1).read_with.date_format, "M/D/YYYY");
  const std::vector<std::string> item{"item"};
  const LongFormFile store_1(sales, {.where = {{"store", "1"}}}, item);
  ASSERT_EQ(store_1.size(), 2u);
  EXPECT_EQ(store_1.conditions(0), (Where{{"store", "1"}, {"item", "2"}}));
  EXPECT_EQ(store_1.conditions(1), (Where{{"store", "1"}, {"item", "1"}}));
  EXPECT_EQ(error_message([&] { (void)store_1.read(0); }),
            sales.string() +
                ":6: column 'sales': expected a number, got a missing value '' (use --missing drop or "
                "--missing interpolate)");
}

TEST(LongFormFile, RejectsAnUnknownColumnTheDatesOrValuesAsKeysOtherShapesAndNoRows) {
  const TempFolder folder;
  const auto sales = folder.write("sales.csv", "date,store,sales\n2017-01-01,1,7\n2017-01-01,2,10\n");
  const auto by = [](std::string column) { return std::vector<std::string>{std::move(column)}; };
  EXPECT_EQ(error_message([&] { LongFormFile(sales, {}, by("shop")); }),
            sales.string() + ":1: unknown column 'shop'; the columns are: date, store, sales");
  EXPECT_EQ(error_message([&] { LongFormFile(sales, {}, by("date")); }),
            sales.string() + ":1: --by: column 'date' holds the dates; expected a column telling the series apart");
  EXPECT_EQ(error_message([&] { LongFormFile(sales, {.value_columns = {"store"}}, by("store")); }),
            sales.string() +
                ":1: --by: column 'store' holds the values (--value-col); expected a column telling the series apart");
  EXPECT_EQ(error_message([&] {
              LongFormFile(sales, {.where = {{"store", "3"}}}, by("date"));
            }),
            sales.string() + ":1: --by: column 'date' holds the dates; expected a column telling the series apart");
  EXPECT_EQ(error_message([&] {
              LongFormFile(sales, {.where = {{"store", "3"}}}, by("store"));
            }),
            sales.string() + ": no row has store '3' (--where); column 'store' holds 1, 2");
  EXPECT_EQ(error_message([&] { LongFormFile(folder.write("empty.csv", "date,store,sales\n"), {}, by("store")); }),
            (folder.path() / "empty.csv").string() +
                ":1: the file has a header but no data rows; expected at least "
                "one row");
  const auto table = folder.write(
      "table.csv", "Year,Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec\n2017,1,2,3,4,5,6,7,8,9,10,11,12\n");
  EXPECT_EQ(error_message([&] { LongFormFile(table, {}, by("Jan")); }),
            table.string() +
                ": --by: the file is a table of years by months, which holds one series; expected a file "
                "in long form, one row per date and series");
}

// A time series download of the UK's Office for National Statistics: the title and the CDID above notes, then
// years, quarters and months in one column. The months are read, the series named by its title; --value-col also
// takes a CDID, and a series that starts later than the file's first months starts at its first value.
TEST(ReadCsvSeries, ReadsAnOnsTimeSeriesDownload) {
  const TempFolder folder;
  const std::string notes =
      "\"Title\",\"RPI: Electricity (Jan 1987=100)\",\"CPI INDEX 04.5.1: ELECTRICITY 2015=100\"\r\n"
      "\"CDID\",\"DOBY\",\"D7CH\"\r\n\"PreUnit\",\"\",\"\"\r\n\"Unit\",\"\",\"\"\r\n"
      "\"Release date\",\"16-09-2026\",\"16-09-2026\"\r\n\"Next release\",\"21 October 2026\",\"\"\r\n"
      "\"Important notes\",\"\",\"\"\r\n";
  const auto path = folder.write("mm23.csv", notes +
                                                 "\"2016\",\"101.0\",\"\"\r\n\"2016 Q4\",\"100.5\",\"\"\r\n"
                                                 "\"2016 OCT\",\"100.0\",\"\"\r\n\"2016 NOV\",\"100.5\",\"\"\r\n"
                                                 "\"2016 DEC\",\"101.0\",\"99.0\"\r\n"
                                                 "\"2017 JAN\",\"101.5\",\"99.5\"\r\n");
  const auto rpi = read_csv_series(path);
  EXPECT_EQ(rpi.value_name(), "RPI: Electricity (Jan 1987=100)");
  EXPECT_EQ(rpi.date_column(), "date");
  EXPECT_THAT(std::vector<double>(rpi.values().begin(), rpi.values().end()), ElementsAre(100.0, 100.5, 101.0, 101.5));
  EXPECT_THAT(rpi.lines, ElementsAre(10, 11, 12, 13));
  EXPECT_EQ(rpi.frequency(), Frequency::Monthly);
  EXPECT_EQ(rpi.date_format().format(rpi.next_date()), "2017 FEB");
  EXPECT_THAT(rpi.notes, ElementsAre("read as an ONS time series download: the monthly rows of 'RPI: Electricity (Jan "
                                     "1987=100)' (DOBY), 2016 OCT to 2017 JAN; its 1 yearly and 1 quarterly rows are "
                                     "left out",
                                     "the values are the series DOBY (--value-col names another by its CDID: D7CH)"));
  const auto cpi = read_csv_series(path, {.value_columns = {"D7CH"}});
  EXPECT_EQ(cpi.value_name(), "CPI INDEX 04.5.1: ELECTRICITY 2015=100");
  EXPECT_THAT(std::vector<double>(cpi.values().begin(), cpi.values().end()), ElementsAre(99.0, 99.5));
  EXPECT_EQ(cpi.dates().front(), at(2016, 12, 1));
  // Quarters where the download has no months; a missing value between the first and the last follows --missing.
  const auto quarters = read_csv_series(folder.write(
      "q.csv",
      notes + "\"2016\",\"1\",\"\"\n\"2016 Q3\",\"2\",\"\"\n\"2016 Q4\",\"3\",\"\"\n\"2017 Q1\",\"4\",\"\"\n"));
  EXPECT_EQ(quarters.frequency(), Frequency::Quarterly);
  EXPECT_EQ(quarters.size(), 3u);
  const std::string gap = notes + "\"2016 OCT\",\"1\",\"\"\n\"2016 NOV\",\"\",\"\"\n\"2016 DEC\",\"3\",\"\"\n";
  EXPECT_EQ(error_message([&] { read_csv_series(folder.write("gap.csv", gap)); }),
            (folder.path() / "gap.csv").string() +
                ":9: column 'RPI: Electricity (Jan 1987=100)': expected a number, got a missing value '' (use "
                "--missing drop or --missing interpolate)");
  EXPECT_EQ(read_csv_series(folder.write("gap.csv", gap), {.missing = MissingPolicy::Interpolate}).values()[1], 2.0);
}

// NOAA's monthly CO2 file: notes after #, then the year and the month in columns of their own and a decimal date,
// which the choice of the value column passes over as named for the calendar.
TEST(ReadCsvSeries, ReadsDatesSplitAcrossYearAndMonthColumns) {
  const TempFolder folder;
  const auto co2 = read_csv_series(folder.write("co2.csv",
                                                "# Mauna Loa CO2, monthly mean\n# ppm, see the notes\n#\n"
                                                "year,month,decimal date,average,deseasonalized\n"
                                                "1958,3,1958.2027,315.71,314.44\n1958,4,1958.2877,317.45,315.16\n"
                                                "1958,5,1958.3699,317.51,314.69\n"));
  EXPECT_EQ(co2.value_name(), "average");
  EXPECT_EQ(co2.frequency(), Frequency::Monthly);
  EXPECT_EQ(co2.dates().front(), at(1958, 3, 1));
  EXPECT_EQ(co2.date_format().format(co2.next_date()), "1958-06");
  EXPECT_THAT(co2.notes, ElementsAre(::testing::StartsWith("the table starts on line 4"),
                                     "the values are column 'average' (--value-col names another: deseasonalized, "
                                     "decimal date)"));
  const auto named = read_csv_series(folder.write("n.csv", "Year,Month,Passengers\n1949,Jan,112\n1949,Feb,118\n"));
  EXPECT_EQ(named.dates().back(), at(1949, 2, 1));
  const auto days = read_csv_series(folder.write("d.csv", "yr,mo,dy,v\n2020,2,28,1\n2020,2,29,2\n2020,3,1,3\n"));
  EXPECT_EQ(days.frequency(), Frequency::Daily);
  EXPECT_EQ(days.dates().back(), at(2020, 3, 1));
  const auto quarters = read_csv_series(folder.write("q.csv", "Year,Quarter,v\n2020,Q4,1\n2021,1,2\n"));
  EXPECT_EQ(quarters.frequency(), Frequency::Quarterly);
  EXPECT_EQ(quarters.date_format().format(quarters.dates().back()), "2021Q1");
  const auto weeks = read_csv_series(folder.write("w.csv", "year,week,deaths\n2020,52,1\n2020,53,2\n2021,1,3\n"));
  EXPECT_EQ(weeks.frequency(), Frequency::Weekly);
  EXPECT_EQ(weeks.dates().back(), at(2021, 1, 4));
}

TEST(ReadCsvSeries, LooksPastMissingValuesToChooseTheValueColumn) {
  const TempFolder folder;
  const auto path = folder.write("x.csv", "when,a,b\n2017-01,NA,1\n2017-02,2,2\n2017-03,3,3\n");
  const auto series = read_csv_series(path, {.missing = MissingPolicy::Drop});
  EXPECT_EQ(series.date_column(), "when");
  EXPECT_EQ(series.value_name(), "a");
  EXPECT_EQ(series.size(), 2U);
}

TEST(ReadCsvSeries, TakesTheColumnsAndFormatItIsGiven) {
  const TempFolder folder;
  const auto path = folder.write("x.csv", "v1\tstamp\tv2\n1\t05 Jan 2017\t10\n2\t12 Jan 2017\t20\n");
  const auto series = read_csv_series(
      path, {.delimiter = '\t', .date_column = "stamp", .value_columns = {"v2", "v1"}, .date_format = "%d %b %Y"});
  EXPECT_THAT(series.names(), ElementsAre("v2", "v1"));
  EXPECT_EQ(series.values("v1")[1], 2.0);
  EXPECT_EQ(series.values()[1], 20.0);
  EXPECT_EQ(series.dates()[1], at(2017, 1, 12));
  EXPECT_EQ(series.frequency(), Frequency::Weekly);
  EXPECT_EQ(series.date_format().format(series.next_date()), "19 Jan 2017");
}

TEST(ReadCsvSeries, ReadsHourlyAndDayFirstDottedDates) {
  const TempFolder folder;
  const auto hourly = read_csv_series(folder.write("h.csv", "time,load\n2017-03-01 23:00,5\n2017-03-02 00:00,6\n"));
  EXPECT_EQ(hourly.frequency(), Frequency::Hourly);
  EXPECT_EQ(hourly.dates()[1], at(2017, 3, 2));
  const auto daily = read_csv_series(folder.write("d.csv", "Date,v\n28.02.2017,1\n01.03.2017,2\n"));
  EXPECT_EQ(daily.frequency(), Frequency::Daily);
  EXPECT_EQ(daily.date_format().format(daily.dates()[1]), "01.03.2017");
}

TEST(ReadCsvSeries, DropsRowsWithMissingValuesAndSaysSo) {
  const TempFolder folder;
  const auto path = folder.write("x.csv",
                                 "date,v\n2017-01,1\n2017-02,\n2017-03,NaN\n2017-04,4\n2017-05,missing\n"
                                 "2017-06,6\n");
  const auto series = read_csv_series(path, {.missing = MissingPolicy::Drop});
  EXPECT_EQ(series.dates(), (std::vector{at(2017, 1, 1), at(2017, 4, 1), at(2017, 6, 1)}));
  EXPECT_THAT(series.lines, ElementsAre(2U, 5U, 7U));
  EXPECT_THAT(series.notes, ElementsAre("dropped 3 rows with missing values (lines 3, 4, 6)"));
}

TEST(ReadCsvSeries, KeepsGapsUnderDropAndSaysSo) {
  const TempFolder folder;
  const auto path = folder.write("x.csv", "date,v\n1/1/2017,1\n2/1/2017,2\n3/1/2017,3\n6/1/2017,6\n7/1/2017,7\n");
  const auto series = read_csv_series(path, {.missing = MissingPolicy::Drop});
  EXPECT_EQ(series.size(), 5U);
  EXPECT_EQ(series.frequency(), Frequency::Monthly);
  EXPECT_THAT(series.notes,
              ElementsAre(::testing::StartsWith("dates such as"), "2 monthly dates are missing (gaps before line 5)"));
}

TEST(ReadCsvSeries, InterpolatesMissingValuesAndMissingDates) {
  const TempFolder folder;
  const auto path = folder.write("x.csv",
                                 "date,v,w\n2017-01-30,1,10\n2017-01-31,NA,20\n2017-02-01,3,30\n"
                                 "2017-02-04,6,60\n");
  const auto series = read_csv_series(path, {.value_columns = {"v", "w"}, .missing = MissingPolicy::Interpolate});
  ASSERT_EQ(series.size(), 6U);
  EXPECT_EQ(series.dates()[3], at(2017, 2, 2));
  EXPECT_THAT(std::vector<double>(series.values("v").begin(), series.values("v").end()), ElementsAre(1, 2, 3, 4, 5, 6));
  EXPECT_THAT(std::vector<double>(series.values("w").begin(), series.values("w").end()),
              ElementsAre(10, 20, 30, 40, 50, 60));
  EXPECT_THAT(series.lines, ElementsAre(2U, 3U, 4U, 0U, 0U, 5U));
  EXPECT_EQ(series.frequency(), Frequency::Daily);
  EXPECT_THAT(series.notes, ElementsAre("added 2 missing daily dates (gaps before line 5)",
                                        "filled 5 missing values by linear interpolation"));
  // Rows before the first or after the last value of any column are dropped, as R's zoo::na.approx drops them; a
  // value missing inside them is filled from the nearest values of its column, even one in a dropped row.
  const auto ends = read_csv_series(folder.write("ends.csv",
                                                 "date,v,w\n2017-01,.,10\n2017-02,2,NA\n2017-03,NA,30\n"
                                                 "2017-04,4,40\n2017-05,5,\n2017-06,NA,\n"),
                                    {.value_columns = {"v", "w"}, .missing = MissingPolicy::Interpolate});
  EXPECT_THAT(std::vector<double>(ends.values("v").begin(), ends.values("v").end()), ElementsAre(2, 3, 4));
  EXPECT_THAT(std::vector<double>(ends.values("w").begin(), ends.values("w").end()), ElementsAre(20, 30, 40));
  EXPECT_THAT(ends.lines, ElementsAre(3U, 4U, 5U));
  EXPECT_EQ(ends.dates().front(), at(2017, 2, 1));
  EXPECT_THAT(ends.notes, ElementsAre("dropped 1 row before 2017-02 and 2 after 2017-04: no value comes before or "
                                      "after them to interpolate from",
                                      "filled 2 missing values by linear interpolation"));
}

TEST(TimeSeries, SlicesRowsKeepingFrequencyAndLines) {
  const auto series = read_csv_series(kElectric);
  const auto year = series.slice(384, 396);
  EXPECT_EQ(year.size(), 12U);
  EXPECT_EQ(year.dates().front(), at(2017, 1, 1));
  EXPECT_EQ(year.values().front(), series.values()[384]);
  EXPECT_EQ(year.lines.front(), 386U);
  EXPECT_EQ(series.slice(0, 1).frequency(), Frequency::Monthly);
  EXPECT_EQ(error_message([&] { (void)series.slice(5, 400); }), "time series: rows [5, 400) are outside the 397 rows");
  EXPECT_EQ(error_message([&] { (void)series.values("gas"); }),
            "unknown column 'gas'; the value columns are: elec-prod");
}

// Each bad input gives one line naming the file, line and column where they apply, and what was expected.
class BadCsv : public ::testing::Test {
 protected:
  std::string error_for(std::string_view text, const CsvSeriesOptions& options = {}) {
    folder_.write("x.csv", text);
    return error_message([&] { read_csv_series(path_, options); });
  }
  std::string at_line(int line, std::string_view what) const {
    return fmt::format("{}:{}: {}", path_.string(), line, what);
  }
  std::vector<double> values(std::string_view text, const CsvSeriesOptions& options = {}) {
    folder_.write("x.csv", text);
    const auto series = read_csv_series(path_, options);
    return {series.values().begin(), series.values().end()};
  }

  TempFolder folder_;
  std::filesystem::path path_ = folder_.path() / "x.csv";
};

// Without --decimal, a file whose first rows write a decimal comma (and never a decimal point) is read with it; a point
// later, or a comma after a point, is an error that names the option.
TEST_F(BadCsv, ADecimalCommaIsDetectedUnlessThePointAppearsFirst) {
  EXPECT_EQ(values("date;v\n2020-01-01;2\n2020-01-02;1,5\n"), (std::vector<double>{2.0, 1.5}));
  EXPECT_EQ(values("date;v\n2020-01-01;1.234,5\n", {.thousands = '.'}), std::vector<double>{1234.5});
  EXPECT_EQ(values("date\tv\n2020-01-01\t1,234.5\n", {.thousands = ','}), std::vector<double>{1234.5});
  EXPECT_EQ(values("date;v\n2020-01-01;1,5\n", {.decimal = ','}), std::vector<double>{1.5});
  EXPECT_EQ(error_for("date;v\n2020-01-01;1.5\n2020-01-02;2,5\n"),
            at_line(3, "column 'v': expected a number, got '2,5' (give --decimal , for a decimal comma)"));
  // Only the first 100 rows are looked at.
  std::string late_point = "date;v\n";
  for (int month = 0; month < 100; ++month)
    late_point += fmt::format("{}-{:02};1,5\n", 2000 + month / 12, month % 12 + 1);
  EXPECT_EQ(error_for(late_point + "2008-05;2.5\n"),
            at_line(102,
                    "column 'v': expected a number, got '2.5' (give --decimal . if the decimal mark is a point, "
                    "though the first rows write a comma)"));
}

TEST_F(BadCsv, ADecimalCommaNeedsItsOption) {
  EXPECT_EQ(error_for("date;v\n2020-01-01;1,5\n", {.decimal = '.'}),
            at_line(2, "column 'v': expected a number, got '1,5' (give --decimal , for a decimal comma)"));
  EXPECT_EQ(error_for("date;v\n2020-01-01;1.5\n", {.delimiter = ';', .decimal = ','}),
            at_line(2, "column 'v': expected a number, got '1.5'"));
}

// Where commas delimit the fields, a value with a decimal comma is quoted (as Google Sheets writes it where the
// decimal mark is a comma). It is detected unless it also reads as digits grouped in threes, as "1,234" does.
TEST_F(BadCsv, ADecimalCommaInACommaDelimitedFileIsReadFromQuotedValues) {
  EXPECT_EQ(values("date,v\n2020-01-01,\"1,5\"\n2020-01-02,\"1,234\"\n"), (std::vector<double>{1.5, 1.234}));
  EXPECT_EQ(values("date,v\n2020-01-01,\"1,234\"\n", {.decimal = ','}), std::vector<double>{1.234});
  EXPECT_EQ(values("date,v\n2020-01-01,\"1,234\"\n", {.thousands = ','}), std::vector<double>{1234.0});
  EXPECT_EQ(error_for("date,v\n2020-01-01,\"1,234\"\n"),
            at_line(2,
                    "column 'v': expected a number, got '1,234' (give --thousands , for digits grouped with it, "
                    "or --decimal , for a decimal comma)"));
  EXPECT_EQ(error_for("date,v\n2020-01-01,2.5\n2020-01-02,\"1,5\"\n"),
            at_line(3, "column 'v': expected a number, got '1,5' (give --decimal , for a decimal comma)"));
  // Unquoted, the comma splits the value in two.
  EXPECT_EQ(error_for("date,v\n2020-01-01,1,5\n", {.decimal = ','}),
            at_line(2,
                    "expected 2 fields as in the header, got 3 (if '1,5' is a number with a decimal comma, quote "
                    "it, \"1,5\", or separate the fields with ';')"));
}

// --thousands removes a mark that groups the digits in threes (1,234,567.5); without it, a value that only it reads
// is an error naming it. A mark that does not group in threes ("1,5") is no number even with the option.
TEST_F(BadCsv, DigitGroupingNeedsItsOptionAndGroupsOfThree) {
  const auto value_read = [&](std::string_view value, const CsvSeriesOptions& options) {
    folder_.write("x.csv", fmt::format("date;v\n2020-01-01;{}\n", value));
    return read_csv_series(path_, options).values()[0];
  };
  EXPECT_EQ(value_read("1,234.5", {.delimiter = ';', .thousands = ','}), 1234.5);
  EXPECT_EQ(value_read("-1,234,567", {.delimiter = ';', .thousands = ','}), -1234567.0);
  EXPECT_EQ(value_read("+12,345.5e-3", {.delimiter = ';', .thousands = ','}), 12.3455);
  EXPECT_EQ(value_read("1234.5", {.delimiter = ';', .thousands = ','}), 1234.5);  // the mark is optional
  EXPECT_EQ(value_read("1.234,5", {.delimiter = ';', .decimal = ',', .thousands = '.'}), 1234.5);
  EXPECT_EQ(value_read("1'234.5", {.delimiter = ';', .thousands = '\''}), 1234.5);
  for (const char* ungrouped : {"1,5", "12,34", "1234,567", ",123", "1,,234", "1,234,5", "1.5,234", "1,234.5,1", "1,"})
    EXPECT_EQ(error_for(fmt::format("date;v\n2020-01-01;{}\n", ungrouped), {.delimiter = ';', .thousands = ','}),
              at_line(2, fmt::format("column 'v': expected a number, got '{}'", ungrouped)))
        << ungrouped;
  EXPECT_EQ(error_for("date,v\n2020-01-01,\"1,234.5\"\n"),
            at_line(2, "column 'v': expected a number, got '1,234.5' (give --thousands , for digits grouped with it)"));
  EXPECT_EQ(error_for("date;v\n2020-01-01;1.234,5\n", {.delimiter = ';'}),
            at_line(2, "column 'v': expected a number, got '1.234,5' (give --decimal , --thousands . for a decimal "
                       "comma and digits grouped with .)"));
  EXPECT_EQ(error_for("date;v\n2020-01-01;1,234\n", {.decimal = '.'}),
            at_line(2,
                    "column 'v': expected a number, got '1,234' (give --thousands , for digits grouped with it, "
                    "or --decimal , for a decimal comma)"));
  EXPECT_EQ(error_for("date;v\n2020-01-01;1\n", {.delimiter = ';', .decimal = ',', .thousands = ','}),
            "--thousands: ',' is also the decimal mark; expected another character");
  EXPECT_EQ(error_for("date;v\n2020-01-01;1\n", {.delimiter = ';', .thousands = '5'}),
            "--thousands: expected a mark such as , or . between groups of digits, got '5'");
}

TEST_F(BadCsv, MissingFile) {
  const auto path = folder_.path() / "absent.csv";
  EXPECT_EQ(error_message([&] { read_csv_series(path); }), path.string() + ": no such file");
}

TEST_F(BadCsv, UnreadableFile) {
  EXPECT_EQ(error_message([&] { read_csv_series(folder_.path()); }),
            folder_.path().string() + ": cannot read: it is a folder, expected a CSV file");
}

TEST_F(BadCsv, EmptyFile) { EXPECT_EQ(error_for(""), path_.string() + ": the file is empty, expected a header row"); }

TEST_F(BadCsv, HeaderOnly) {
  EXPECT_EQ(error_for("date,elec-prod\r\n"),
            at_line(1, "the file has a header but no data rows; expected at least one row"));
}

TEST_F(BadCsv, UnknownValueColumn) {
  EXPECT_EQ(error_for("date,elec-prod\n1/1/2017,1\n", {.value_columns = {"gas"}}),
            at_line(1, "unknown column 'gas'; the columns are: date, elec-prod"));
}

TEST_F(BadCsv, UnknownDateColumn) {
  EXPECT_EQ(error_for("date,elec-prod\n1/1/2017,1\n", {.date_column = "day"}),
            at_line(1, "unknown column 'day'; the columns are: date, elec-prod"));
}

TEST_F(BadCsv, DateColumnAsValueColumn) {
  EXPECT_EQ(error_for("date,v\n1/1/2017,1\n", {.value_columns = {"date"}}),
            at_line(1, "column 'date' is the date column; expected a value column"));
}

TEST_F(BadCsv, NoNumericColumn) {
  EXPECT_EQ(error_for("date,name\n1/1/2017,abc\n"), at_line(2, "column 'name': expected a number, got 'abc'"));
  EXPECT_EQ(error_for("date\n1/1/2017\n"),
            at_line(2, "expected a column of numbers besides the date column 'date'; the columns are: date"));
}

TEST_F(BadCsv, ValueNotANumber) {
  EXPECT_EQ(error_for("date,elec-prod\n1/1/2017,1\n2/1/2017,2\n3/1/2017,3\n4/1/2017,abc\n"),
            at_line(5, "column 'elec-prod': expected a number, got 'abc'"));
  EXPECT_EQ(error_for("date,v\n1/1/2017,1e999\n"), at_line(2, "column 'v': expected a number, got '1e999'"));
}

TEST_F(BadCsv, MissingValueUnderTheDefaultPolicy) {
  EXPECT_EQ(error_for("date,v\n1/1/2017,1\n2/1/2017,NA\n"),
            at_line(3,
                    "column 'v': expected a number, got a missing value 'NA' (use --missing drop or --missing "
                    "interpolate)"));
}

// pandas' missing-value words, and the marks of statistics downloads: FRED's ".", Excel's #N/A, GISTEMP's ***.
TEST_F(BadCsv, EveryMissingMarkIsAMissingValue) {
  for (const char* mark : {"", " ", "NA", "n/a", "NaN", "-nan", "NULL", "None", "missing", "#N/A", "#NA", "<NA>",
                           "(NA)", ".", "..", "-", "--", "***"}) {
    EXPECT_EQ(error_for(fmt::format("date,v\n1/1/2017,1\n2/1/2017,{}\n", mark)),
              at_line(3, fmt::format("column 'v': expected a number, got a missing value '{}' (use --missing drop or "
                                     "--missing interpolate)",
                                     mark)))
        << mark;
  }
  // Other text is no number, and says so.
  for (const char* text : {"+", "...", "***x", "#N/A!", "n.a."})
    EXPECT_EQ(error_for(fmt::format("date,v\n1/1/2017,1\n2/1/2017,{}\n", text)),
              at_line(3, fmt::format("column 'v': expected a number, got '{}'", text)))
        << text;
}

TEST_F(BadCsv, DateThatDoesNotExist) {
  EXPECT_EQ(error_for("date,v\n1/1/2017,1\n13/45/2017,2\n"),
            at_line(3, "column 'date': expected a valid date as M/D/YYYY, got '13/45/2017'"));
  EXPECT_EQ(error_for("date,v\n1/30/2017,1\n2/30/2017,2\n"),
            at_line(3, "column 'date': expected a valid date as M/D/YYYY, got '2/30/2017'"));
}

TEST_F(BadCsv, DateThatDoesNotParse) {
  EXPECT_EQ(error_for("date,v\n2017-01-01,1\n2017-01-0x,2\n"),
            at_line(3, "column 'date': expected a valid date as YYYY-MM-DD, got '2017-01-0x'"));
  EXPECT_EQ(
      error_for("date,v\n2017-003,1\n"),
      at_line(2,
              "column 'date': expected a date as M/D/YYYY, YYYY-MM-DD, YYYY-MM, YYYY-MM-DD HH:MM[:SS][Z|+HH:MM], "
              "DD.MM.YYYY, YYYY/MM/DD, Jan 2017, 2017Q1, 2017-W03 or YYYY, got '2017-003' (give --date-format for "
              "others)"));
  EXPECT_EQ(error_for("date,v\n1/1/2017,1\n", {.date_format = "%Y-%m-%d"}),
            at_line(2, "column 'date': expected a valid date as %Y-%m-%d, got '1/1/2017'"));
  EXPECT_EQ(error_for("date,v\n,1\n"), at_line(2, "column 'date': expected a date, got an empty field"));
}

TEST_F(BadCsv, DuplicateDate) {
  EXPECT_EQ(error_for("date,v\n1/1/2017,1\n2/1/2017,2\n2/1/2017,3\n"),
            at_line(4, "duplicate date '2/1/2017' (also on line 3)"));
}

TEST_F(BadCsv, UnsortedDates) {
  EXPECT_EQ(error_for("date,v\n1/1/2017,1\n3/1/2017,3\n2/1/2017,2\n"),
            at_line(4, "dates out of order: '2/1/2017' comes after '3/1/2017' (line 3); expected increasing dates"));
  EXPECT_EQ(error_for("date,v\n3/1/2017,3\n1/1/2017,1\n2/1/2017,2\n"),
            at_line(4,
                    "dates out of order: '2/1/2017' comes after '1/1/2017' (line 3); expected decreasing dates, "
                    "as the file starts newest first"));
  EXPECT_EQ(error_for("date,v\n3/1/2017,3\n2/1/2017,2\n2/1/2017,2\n"),
            at_line(4, "duplicate date '2/1/2017' (also on line 3)"));
}

// Several series in one file: the error names the columns that tell them apart, with a --where for the first
// row's; dates out of order in one series (a flag column does not tell series apart) get no such hint.
TEST_F(BadCsv, SeveralSeriesInLongForm) {
  EXPECT_EQ(error_for("date,geo,v\n2017-01,DE,1\n2017-01,FR,2\n2017-02,DE,3\n2017-02,FR,4\n"),
            at_line(3,
                    "duplicate date '2017-01' (also on line 2); the file holds several series, told apart by column "
                    "'geo' (DE, FR): give --where geo=DE for one"));
  EXPECT_EQ(error_for("date,geo,v\n2017-01,Île-de-France,1\n2017-02,Île-de-France,2\n2017-01,DE,3\n2017-02,DE,4\n"),
            at_line(4,
                    "dates out of order: '2017-01' comes after '2017-02' (line 3); expected increasing dates; the "
                    "file holds several series, told apart by column 'geo' (DE, Île-de-France): give --where "
                    "\"geo=Île-de-France\" for one"));
  // Keys that are numbers, the fewest that leave no two rows alike (not the sales, which differ too).
  EXPECT_EQ(error_for("date,store,item,sales\n2017-01-01,1,1,13\n2017-01-01,1,2,10\n2017-01-01,2,1,7\n"
                      "2017-01-01,2,2,13\n2017-01-02,1,1,14\n2017-01-02,1,2,11\n2017-01-02,2,1,8\n"
                      "2017-01-02,2,2,13\n"),
            at_line(3,
                    "duplicate date '2017-01-01' (also on line 2); the file holds several series, told apart by "
                    "columns 'store' (1, 2) and 'item' (1, 2): give --where store=1 --where item=1 for one"));
  // A code that follows another key's texts (Statistics Canada's DGUID follows GEO) tells no more rows apart.
  std::string statcan = "REF_DATE,GEO,DGUID,Products,VALUE\n";
  for (const auto* date : {"2017-01", "2017-02"})
    for (const auto* geo : {"Canada,2016A000011124", "Quebec,2016A000224"})
      for (const auto* product : {"Food", "Energy"}) statcan += fmt::format("{},{},{},1\n", date, geo, product);
  EXPECT_EQ(error_for(statcan),
            at_line(3,
                    "duplicate date '2017-01' (also on line 2); the file holds several series, told apart by "
                    "columns 'GEO' (Canada, Quebec) and 'Products' (Energy, Food): give --where GEO=Canada --where "
                    "Products=Food for one"));
  EXPECT_EQ(error_for("date,v,flag\n2017-01,1,A\n2017-03,2,B\n2017-02,3,A\n2017-04,4,B\n"),
            at_line(4, "dates out of order: '2017-02' comes after '2017-03' (line 3); expected increasing dates"));
  EXPECT_EQ(error_for("date,geo,v\n2017-01,DE,1\n2017-01,FR,2\n", {.where = {{"geo", "NL"}}}),
            path_.string() + ": no row has geo 'NL' (--where); column 'geo' holds DE, FR");
  EXPECT_EQ(error_for("date,geo,v\n2017-01,DE,1\n", {.where = {{"geo", "DE"}, {"unit", "x"}}}),
            at_line(1, "unknown column 'unit'; the columns are: date, geo, v"));
}

TEST_F(BadCsv, GapUnderTheDefaultPolicy) {
  EXPECT_EQ(error_for("date,v\n1/1/2017,1\n2/1/2017,2\n3/1/2017,3\n5/1/2017,5\n"),
            at_line(5,
                    "gap in the monthly dates: 1 missing between '3/1/2017' (line 4) and '5/1/2017' (use --missing "
                    "drop to keep the gap or --missing interpolate to fill it)"));
}

TEST_F(BadCsv, MissingValuesInsideATableOfYearsByMonths) {
  const std::string header = "Year,Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec\n";
  const std::string text =
      header + "2019,,,1,2,3,4,5,6,7,8,9,10\n2020,11,12,NA,14,15,16,17,18,19,20,21,22\n" + "2021,23,24,,,,,,,,,,\n";
  EXPECT_EQ(error_for(text),
            at_line(3,
                    "column 'Mar': expected a number, got a missing value 'NA' (use --missing drop or --missing "
                    "interpolate)"));
  folder_.write("x.csv", text);
  const auto filled = read_csv_series(path_, {.missing = MissingPolicy::Interpolate});
  ASSERT_EQ(filled.size(), 24U);
  for (std::size_t i = 0; i < 24; ++i) EXPECT_EQ(filled.values()[i], double(i + 1)) << i;
  EXPECT_EQ(filled.dates().front(), at(2019, 3, 1));
  EXPECT_EQ(error_for(header + "2019,1,2,3,4,5,6,7,8,9,10,11,12\n2020,1,2,3,4,5,6,7,8,9,10,11,x\n"),
            at_line(3, "column 'Dec': expected a number, got 'x'"));
  EXPECT_EQ(error_for(header + "2019,1,2,3,4,5,6,7,8,9,10,11,12\nTotal,1,2,3,4,5,6,7,8,9,10,11,12\n"),
            at_line(3, "column 'Year': expected a year such as 2017 (the table's rows are years), got 'Total'"));
  EXPECT_EQ(error_for(header + "2019,,,,,,,,,,,,\n"),
            path_.string() + ": the table of years by months holds no value; expected at least one number");
}

TEST_F(BadCsv, DateSplitAcrossColumnsThatDoesNotRead) {
  EXPECT_EQ(error_for("year,month,v\n2020,13,1\n"),
            at_line(2, "column 'month': expected a month, 1 to 12 or its name, got '13'"));
  EXPECT_EQ(error_for("year,month,v\n2020,1,1\nTotal,,2\n"),
            at_line(3, "column 'year': expected a year such as 2017, got 'Total'"));
  EXPECT_EQ(error_for("Year,Qtr,v\n2020,5,1\n"),
            at_line(2, "column 'Qtr': expected a quarter, 1 to 4 or Q1 to Q4, got '5'"));
  EXPECT_EQ(error_for("year,month,day,v\n2021,2,29,1\n"),
            at_line(2, "column 'year': expected a valid date as YYYY-MM-DD, got '2021-02-29'"));
}

TEST_F(BadCsv, AColumnWithoutValuesUnderInterpolate) {
  EXPECT_EQ(error_for("date,v\n1/1/2017,NA\n2/1/2017,\n", {.missing = MissingPolicy::Interpolate}),
            path_.string() + ": column 'v' has no value; expected at least one to interpolate from");
  EXPECT_EQ(error_for("date,a,b\n1/1/2017,1,NA\n2/1/2017,NA,2\n",
                      {.value_columns = {"a", "b"}, .missing = MissingPolicy::Interpolate}),
            path_.string() +
                ": no row lies between the first and the last value of every column; expected one to interpolate "
                "from");
}

TEST_F(BadCsv, EveryRowDropped) {
  EXPECT_EQ(error_for("date,v\n1/1/2017,NA\n2/1/2017,\n", {.missing = MissingPolicy::Drop}),
            path_.string() + ": every row has a missing value; nothing is left after --missing drop");
}

TEST_F(BadCsv, RowWithTooFewOrTooManyFields) {
  EXPECT_EQ(error_for("date,v\n1/1/2017,1\n2/1/2017\n"), at_line(3, "expected 2 fields as in the header, got 1"));
  EXPECT_EQ(error_for("date,v\n1/1/2017,1,x\n"), at_line(2, "expected 2 fields as in the header, got 3"));
  // A header of one field holding another delimiter: the file is likely delimited by it.
  EXPECT_EQ(error_for("date;v\n1/1/2017;1,5\n", {.delimiter = ','}),
            at_line(2,
                    "expected 1 field as in the header, got 2 (the header is one field; give --delimiter ';' if it "
                    "separates the fields)"));
  EXPECT_EQ(error_for("date\tv\n1/1/2017\t1\n", {.delimiter = ','}),
            at_line(2,
                    "expected a column of numbers besides the date column 'date\tv'; the columns are: date\tv (the "
                    "header is one field; give --delimiter tab if it separates the fields)"));
}

TEST_F(BadCsv, BinaryGarbage) {
  // A workbook is a zip archive, named as such. A PNG's signature breaks lines before its first
  // NUL byte: its first line, read as Windows-1252 (0x89 is the per mille sign), is a header of one field.
  EXPECT_EQ(error_for(std::string("PK\x03\x04\x14\0\x06\0", 8)),
            at_line(1, "expected CSV text, got a zip archive (an Excel or LibreOffice workbook? save it as CSV)"));
  EXPECT_EQ(error_for(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)),
            at_line(2, "expected a column of numbers besides the date column '\u2030PNG'; the columns are: \u2030PNG"));
  EXPECT_EQ(error_for(std::string("date,v\n1/1/2017,\0\n", 17)),
            at_line(2, "expected CSV text, got a NUL byte (a binary file?)"));
}

TEST_F(BadCsv, MultiMegabyteLine) {
  EXPECT_EQ(error_for("date,v\n1/1/2017," + std::string(2 << 20, '7') + "\n"),
            at_line(2, "record longer than 1048576 bytes; expected CSV lines of at most that size"));
}

}  // namespace
}  // namespace elman::ts
