// `elman baseline`: drives build/elman on the bundled series' Protocol A split (train rows 0..372, to 1/1/2016)
// and checks the forecast file, its intervals and dates, and each bad input.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run_tool.hpp"
#include "io/temp_folder.hpp"

namespace {

namespace fs = std::filesystem;
using elman::testing::run_tool;
using elman::testing::TempFolder;
using elman::testing::ToolRun;
using elman::testing::lines_of;
using elman::testing::read;

constexpr std::size_t kTrainingRows = 373;  // rows 0..372 of data/electric.csv
constexpr std::size_t kHorizon = 24;        // rows 373..396

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
  return fields;
}

struct Row {
  std::string date;
  std::vector<double> numbers;
};

// The data rows of a forecast CSV (header skipped).
std::vector<Row> rows_of(const std::string& csv) {
  std::vector<Row> rows;
  const auto lines = lines_of(csv);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto fields = fields_of(lines[i]);
    Row row{fields.front(), {}};
    for (std::size_t j = 1; j < fields.size(); ++j) row.numbers.push_back(std::stod(fields[j]));
    rows.push_back(row);
  }
  return rows;
}

class BaselineCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto lines = lines_of(read(fs::path(ELMAN_SOURCE_DIR) / "data/electric.csv"));
    std::string training;
    for (std::size_t i = 0; i <= kTrainingRows; ++i) training += lines[i] + "\n";  // header + rows 0..372
    training_csv_ = folder_.write("training.csv", training);
    for (std::size_t i = kTrainingRows + 1; i <= kTrainingRows + kHorizon; ++i)
      actuals_.push_back(std::stod(fields_of(lines[i])[1]));
    for (std::size_t i = kTrainingRows + 1 - 12; i <= kTrainingRows; ++i)
      last_season_.push_back(fields_of(lines[i])[1]);
  }

  // `elman baseline CSV -o forecast.csv ARGS...` run in the test's folder.
  ToolRun baseline(const std::vector<std::string>& args, const fs::path& csv = {}) const {
    std::vector<std::string> all{"baseline", (csv.empty() ? training_csv_ : csv).string(), "-o", "forecast.csv"};
    all.insert(all.end(), args.begin(), args.end());
    return run_tool(all, folder_.path());
  }
  fs::path output() const { return folder_.path() / "forecast.csv"; }
  bool only_input_left() const {
    for (const auto& entry : fs::directory_iterator(folder_.path()))
      if (entry.path().filename() != "training.csv" && entry.path().filename() != "short.csv" &&
          entry.path().filename() != "irregular.csv" && entry.path().filename() != "one_row.csv")
        return false;
    return true;
  }

  TempFolder folder_;
  fs::path training_csv_;
  std::vector<double> actuals_;
  std::vector<std::string> last_season_;  // rows 361..372 as written in the file
};

TEST_F(BaselineCommand, SeasonalNaiveRepeatsTheLastObservedSeason) {
  const ToolRun run = baseline({"--method", "snaive", "--horizon", "24"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto lines = lines_of(read(output()));
  ASSERT_EQ(lines.size(), 1 + kHorizon);
  EXPECT_EQ(lines[0], "date,forecast,lower_80,upper_80,lower_95,upper_95");
  for (std::size_t h = 0; h < kHorizon; ++h) EXPECT_EQ(fields_of(lines[1 + h])[1], last_season_[h % 12]) << h;
  EXPECT_EQ(fields_of(lines[1])[0], "2/1/2016");
  EXPECT_EQ(fields_of(lines[kHorizon])[0], "1/1/2018");
  EXPECT_EQ(run.out, "wrote forecast.csv (24 steps of elec-prod by seasonal naive (m = 12), 2/1/2016 to 1/1/2018)\n");
}

TEST_F(BaselineCommand, HoltWintersForecastsProtocolAWithinThreePointFivePercent) {
  const ToolRun run = baseline({"--method", "hw", "--horizon", "24", "--seed", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("elman: hw: chose Holt-Winters ("), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("alpha = "), std::string::npos) << run.err;
  // The bundled series' one-step errors grow with its level (docs/baselines.md, "Intervals").
  EXPECT_NE(run.err.find("; intervals with relative errors\n"), std::string::npos) << run.err;
  const auto rows = rows_of(read(output()));
  ASSERT_EQ(rows.size(), kHorizon);
  double total = 0.0;
  for (std::size_t h = 0; h < kHorizon; ++h) total += std::abs(rows[h].numbers[0] - actuals_[h]) / actuals_[h];
  EXPECT_LT(100.0 * total / double(kHorizon), 3.5);
}

TEST_F(BaselineCommand, IntervalsAreNestedAroundTheForecastForEveryMethod) {
  for (const std::string method : {"naive", "snaive", "drift", "hw"}) {
    const ToolRun run = baseline({"--method", method, "--horizon", "24"});
    ASSERT_EQ(run.exit_code, 0) << method << ": " << run.err;
    for (const auto& row : rows_of(read(output()))) {
      ASSERT_EQ(row.numbers.size(), 5u);
      const double forecast = row.numbers[0], lower80 = row.numbers[1], upper80 = row.numbers[2];
      const double lower95 = row.numbers[3], upper95 = row.numbers[4];
      EXPECT_LE(lower95, lower80) << method << " " << row.date;
      EXPECT_LE(lower80, forecast) << method << " " << row.date;
      EXPECT_LE(forecast, upper80) << method << " " << row.date;
      EXPECT_LE(upper80, upper95) << method << " " << row.date;
    }
  }
}

// Counts that decline to 0: drift's line and its lower bounds would go below 0; they stop at 0, and a note says
// why. The bundled series' forecasts are far from 0 and get no note.
TEST_F(BaselineCommand, ForecastsOfASeriesNeverBelowZeroStopAtZeroWithANote) {
  std::string text = "date,units\n";
  for (int month = 1; month <= 12; ++month) text += fmt::format("2017-{:02},{}\n", month, 12 - month);
  const ToolRun run = baseline({"--method", "drift", "--horizon", "3"}, folder_.write("counts.csv", text));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err,
            "elman: note: no value of units is below 0, so neither is any forecast or bound: those below 0 were raised "
            "to 0\n");
  for (const auto& row : rows_of(read(output()))) EXPECT_EQ(row.numbers, std::vector<double>(5, 0.0)) << row.date;
  const ToolRun usual = baseline({"--method", "drift", "--horizon", "3"});
  ASSERT_EQ(usual.exit_code, 0) << usual.err;
  EXPECT_EQ(usual.err, "");
}

TEST_F(BaselineCommand, DatesContinueMonthlyInTheFilesFormat) {
  ASSERT_EQ(baseline({"--method", "drift", "--horizon", "14"}).exit_code, 0);
  const auto rows = rows_of(read(output()));
  ASSERT_EQ(rows.size(), 14u);
  for (std::size_t h = 0; h < rows.size(); ++h) {
    const int month = int((1 + h) % 12) + 1;  // February 2016 onwards
    const int year = 2016 + int((1 + h) / 12);
    EXPECT_EQ(rows[h].date, std::to_string(month) + "/1/" + std::to_string(year));
  }
}

// Stamps with offsets (pandas' time-zone-aware ones) across the end of summer time: the forecast continues the
// hours at the series' newest offset.
TEST_F(BaselineCommand, DatesWithAnOffsetContinueAtTheNewestOffset) {
  std::string csv = "time,load\n";
  for (int hour = 0; hour < 72; ++hour) {  // 2017-10-27 00:00+02:00 onwards; 2017-10-29 03:00+02:00 is 02:00+01:00
    const int utc = hour - 2;              // hours after 2017-10-27 00:00 UTC
    const int offset = utc < 48 + 1 ? 2 : 1;
    const int local = utc + offset;
    csv += fmt::format("2017-10-{:02} {:02}:00:00+0{}:00,{}\n", 27 + local / 24, local % 24, offset, 10 + hour % 24);
  }
  const auto path = folder_.write("zoned.csv", csv);
  ASSERT_EQ(baseline({"--method", "naive", "--horizon", "3"}, path).exit_code, 0);
  const auto rows = rows_of(read(output()));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(csv.substr(csv.size() - 29, 25), "2017-10-29 22:00:00+01:00");
  EXPECT_EQ(rows[0].date, "2017-10-29 23:00:00+01:00");
  EXPECT_EQ(rows[2].date, "2017-10-30 01:00:00+01:00");
}

TEST_F(BaselineCommand, LevelsFollowTheOrderGiven) {
  ASSERT_EQ(baseline({"--method", "naive", "--horizon", "3", "--level", "95", "--level", "50"}).exit_code, 0);
  EXPECT_EQ(lines_of(read(output()))[0], "date,forecast,lower_95,upper_95,lower_50,upper_50");
}

TEST_F(BaselineCommand, NumbersRoundTrip) {
  ASSERT_EQ(baseline({"--method", "drift", "--horizon", "1", "--level", "80"}).exit_code, 0);
  // y_T + (y_T - y_1)/(T - 1), y_1 = 72.5052 and y_T = 117.0837 (row 372), written in shortest round-trip form.
  const double expected = 117.0837 + (117.0837 - 72.5052) / 372.0;
  const auto fields = fields_of(lines_of(read(output()))[1]);
  EXPECT_EQ(std::stod(fields[1]), expected);
  EXPECT_EQ(fields[1], fmt::format("{}", expected));
}

TEST_F(BaselineCommand, PlotWritesAPng) {
  const ToolRun run = baseline({"--method", "hw", "--horizon", "24", "--plot", "chart.png"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(read(folder_.path() / "chart.png").substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_TRUE(fs::exists(output()));
}

// On hourly data, hw also fits a season of a week where the rows hold two weeks, and AICc takes it where the
// weekends differ from the weekdays; --season 24 keeps the day.
TEST_F(BaselineCommand, HoltWintersOnHourlyDataAlsoTriesAWeekOfHours) {
  std::string csv = "date,load\n";
  for (int t = 0; t < 24 * 7 * 5; ++t) {
    const int day = 3 + t / 24;  // from Monday 2000-01-03
    const double value = 100.0 + 10.0 * std::sin(2.0 * std::numbers::pi * t / 24.0) - ((t / 24) % 7 >= 5 ? 20.0 : 0.0) +
                         std::sin(0.7 * t * t);
    csv += fmt::format("2000-{:02}-{:02} {:02}:00,{:.3f}\n", day <= 31 ? 1 : 2, day <= 31 ? day : day - 31, t % 24,
                       value);
  }
  const fs::path hourly = folder_.write("hourly.csv", csv);
  const ToolRun week = baseline({"--method", "hw", "--horizon", "24"}, hourly);
  ASSERT_EQ(week.exit_code, 0) << week.err;
  EXPECT_NE(week.err.find("m = 168) by AICc"), std::string::npos) << week.err;
  EXPECT_NE(week.out.find("m = 168), 2000-02-07 00:00 to 2000-02-07 23:00)"), std::string::npos) << week.out;
  const ToolRun day = baseline({"--method", "hw", "--horizon", "24", "--season", "24"}, hourly);
  ASSERT_EQ(day.exit_code, 0) << day.err;
  EXPECT_NE(day.err.find("m = 24) by AICc"), std::string::npos) << day.err;
}

// The error line (the reader may print notes before it, such as how it read ambiguous dates).
std::string last_line(const std::string& text) {
  const auto end = !text.empty() && text.back() == '\n' ? text.size() - 1 : text.size();
  const auto start = end == 0 ? std::string::npos : text.rfind('\n', end - 1);
  return text.substr(start == std::string::npos ? 0 : start + 1);
}

// Each bad input: exit 2, one line naming the problem, no output file.
void expect_bad_input(const ToolRun& run, const std::string& message) {
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(last_line(run.err), "elman: error: " + message + "\n");
  EXPECT_EQ(run.out, "");
}

TEST_F(BaselineCommand, RejectsAZeroHorizon) {
  expect_bad_input(baseline({"--method", "naive", "--horizon", "0"}),
                   "--horizon: expected a number of steps from 1 to 10000, got 0");
  EXPECT_TRUE(only_input_left());
}

TEST_F(BaselineCommand, RejectsANegativeHorizon) {
  expect_bad_input(baseline({"--method", "naive", "--horizon", "-3"}),
                   "--horizon: expected a number of steps from 1 to 10000, got -3");
  EXPECT_TRUE(only_input_left());
}

TEST_F(BaselineCommand, RejectsAnUnknownMethod) {
  expect_bad_input(baseline({"--method", "arima", "--horizon", "3"}),
                   "--method: expected naive, snaive, drift or hw, got 'arima'");
  EXPECT_TRUE(only_input_left());
}

TEST_F(BaselineCommand, RejectsLevelsOutsideZeroToHundred) {
  expect_bad_input(baseline({"--method", "naive", "--horizon", "3", "--level", "100"}),
                   "--level: expected a percentage strictly between 0 and 100, got 100");
  expect_bad_input(baseline({"--method", "naive", "--horizon", "3", "--level", "0"}),
                   "--level: expected a percentage strictly between 0 and 100, got 0");
  expect_bad_input(baseline({"--method", "naive", "--horizon", "3", "--level", "80", "--level", "80"}),
                   "--level 80 is given twice: expected distinct levels");
  EXPECT_TRUE(only_input_left());
}

TEST_F(BaselineCommand, RejectsSeriesShorterThanTheMethodNeeds) {
  std::string text = "date,value\n";
  for (int month = 1; month <= 12; ++month) text += std::to_string(month) + "/1/2020," + std::to_string(month) + "\n";
  const fs::path short_csv = folder_.write("short.csv", text);
  expect_bad_input(baseline({"--method", "snaive", "--horizon", "3"}, short_csv),
                   short_csv.string() + " has 12 rows: --method snaive needs at least 13 (one season of 12 plus one)");
  EXPECT_TRUE(only_input_left());
  EXPECT_EQ(baseline({"--method", "hw", "--horizon", "3", "--season", "4"}, short_csv).exit_code, 0);
  // Fewer rows than two seasons: Holt-Winters without a season, as elman train keeps on such a series.
  const ToolRun hw = baseline({"--method", "hw", "--horizon", "3"}, short_csv);
  ASSERT_EQ(hw.exit_code, 0) << hw.err;
  EXPECT_NE(hw.err.find("\nelman: hw: 12 rows are fewer than two seasons of 12: the variants without a season\n"
                        "elman: hw: chose Holt-Winters ("),
            std::string::npos)
      << hw.err;
  EXPECT_NE(hw.err.find(", no season) by AICc"), std::string::npos) << hw.err;
  const fs::path three = folder_.write("short.csv", "date,value\n1/1/2020,1\n2/1/2020,2\n3/1/2020,3\n");
  expect_bad_input(baseline({"--method", "hw", "--horizon", "3"}, three),
                   three.string() + " has 3 rows: --method hw needs at least 4 (without a season)");
}

TEST_F(BaselineCommand, RejectsIrregularDates) {
  const fs::path irregular = folder_.write(
      "irregular.csv", "date,value\n2020-01-01,1\n2020-01-04,2\n2020-01-20,3\n2020-03-02,4\n2020-03-05,5\n");
  expect_bad_input(baseline({"--method", "naive", "--horizon", "3"}, irregular),
                   irregular.string() +
                       ": the dates are irregular, so neither the season nor the forecast dates can be inferred; "
                       "expected an hourly, daily, business-daily, weekly, monthly, quarterly or yearly series");
  expect_bad_input(baseline({"--method", "naive", "--horizon", "3", "--season", "2"}, irregular),
                   irregular.string() +
                       ": the dates are irregular, so neither the season nor the forecast dates can be inferred; "
                       "expected an hourly, daily, business-daily, weekly, monthly, quarterly or yearly series");
  const fs::path one_row = folder_.write("one_row.csv", "date,value\n2020-01-01,1\n");
  expect_bad_input(baseline({"--method", "naive", "--horizon", "3"}, one_row),
                   one_row.string() +
                       ": one row cannot tell the frequency, so neither the season nor the forecast dates can be "
                       "inferred; expected at least two rows of an hourly, daily, business-daily, weekly, monthly, "
                       "quarterly or yearly series");
  EXPECT_TRUE(only_input_left());
}

TEST_F(BaselineCommand, RejectsAnUnknownChartExtensionWithoutLeavingTheForecast) {
  const ToolRun run = baseline({"--method", "naive", "--horizon", "3", "--plot", "chart.gif"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(only_input_left());
}

}  // namespace
