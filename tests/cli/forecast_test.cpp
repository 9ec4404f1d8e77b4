// `elman train`, `elman forecast` and `elman backtest` driven as a user would, on the bundled series: the file
// formats, determinism, the backtest's table and JSON, and every bad input (exit 2, one line, no file left).
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <string>
#include <utility>
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

const std::string kData = std::string(ELMAN_SOURCE_DIR) + "/data/electric.csv";
// A small network, so that the tests stay quick (also under the sanitizers).
const std::vector<std::string> kQuick{"--hidden", "8", "--epochs", "3"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class ForecastCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto lines = lines_of(read(kData));
    std::string training;
    for (std::size_t i = 0; i <= 373; ++i) training += lines[i] + "\n";  // header + rows 0..372 (to 1/1/2016)
    training_ = folder_.write("training.csv", training);
  }
  // The training rows as a file of several series in long form: under `header`, each date's row once per text of
  // `series`, which goes between the date and the value (its fields, and a prefix of the value).
  std::filesystem::path in_long_form(const std::string& header, const std::vector<std::string>& series) {
    return folder_.write("long.csv", in_long_form_text(header, series));
  }
  std::string in_long_form_text(const std::string& header, const std::vector<std::string>& series) {
    const auto lines = lines_of(read(training_));
    std::string text = header + "\n";
    for (std::size_t i = 1; i < lines.size(); ++i) {
      const auto comma = lines[i].find(',');
      for (const auto& fields : series)
        text += lines[i].substr(0, comma + 1) + fields + lines[i].substr(comma + 1) + "\n";
    }
    return text;
  }
  ToolRun train(const std::vector<std::string>& extra = {}) {
    return run_tool(with(with({"train", training_.string(), "-o", "model.safetensors", "-q"}, kQuick), extra),
                    folder_.path());
  }
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder_.path())) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  // The error is one line, the last one (after any note on how the dates were read).
  void expect_failure(const ToolRun& run, const std::string& message) {
    EXPECT_EQ(run.exit_code, 2);
    const auto lines = lines_of(run.err);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.back(), "elman: error: " + message);
    EXPECT_EQ(run.err.find("elman: error:"), run.err.rfind("elman: error:"));
  }
  TempFolder folder_;
  fs::path training_;
};

// With --patience, train says how many windows judged the epochs and whose weights it kept.
TEST_F(ForecastCommands, TrainWithEarlyStoppingReportsTheHeldWindowsAndTheKeptEpoch) {
  const ToolRun fixed = train({"--selection", "network"});
  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_NE(fixed.out.find("; 326 training windows, 3 epochs, final loss "), std::string::npos) << fixed.out;
  // A stride past every row but the first window's leaves that one window: said in the singular.
  const ToolRun one = train({"--selection", "network", "--stride", "1000"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_NE(one.out.find("; 1 training window, 3 epochs, final loss "), std::string::npos) << one.out;
  const ToolRun stopped = train({"--selection", "network", "--patience", "2"});
  ASSERT_EQ(stopped.exit_code, 0) << stopped.err;
  // 373 rows hold 326 windows of 24 inputs and 24 targets; those reaching into the last 72 rows (3 horizons) judge.
  EXPECT_NE(stopped.out.find("; 254 training windows and 72 judging the epochs, "), std::string::npos) << stopped.out;
  EXPECT_NE(stopped.out.find(" epochs run, weights of epoch "), std::string::npos) << stopped.out;
}

// --fork-from: the network says it trained forking sequences; past the window it is an error naming the option.
TEST_F(ForecastCommands, TrainWithForkingSequencesNamesThemAndRejectsAStepPastTheWindow) {
  const ToolRun forking = train({"--selection", "network", "--fork-from", "12"});
  ASSERT_EQ(forking.exit_code, 0) << forking.err;
  EXPECT_NE(forking.out.find("chose network: 3 x GRU 8 (window 24, direct 24-step head, forking from step 12)"),
            std::string::npos)
      << forking.out;
  expect_failure(train({"--fork-from", "25"}),
                 "--fork-from: expected 0 (the last step) to the window's 24 steps, got 25");
  expect_failure(
      train({"--fork-from", "6", "--window-level", "all"}),
      "--fork-from: expected --window-level none (a window's level would reach past the steps a fork reads)");
}

TEST_F(ForecastCommands, TrainThenForecastWritesTheDatesTheHeaderAndOrderedIntervals) {
  const ToolRun trained = train();
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  EXPECT_NE(trained.out.find("chose "), std::string::npos);
  EXPECT_NE(trained.out.find("wrote model.safetensors"), std::string::npos);
  const ToolRun run = run_tool({"forecast", "model.safetensors", training_.string(), "--horizon", "24", "-o",
                                "forecast.csv", "--plot", "forecast.svg"},
                               folder_.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto lines = lines_of(read(folder_.path() / "forecast.csv"));
  ASSERT_EQ(lines.size(), 25u);
  EXPECT_EQ(lines[0], "date,forecast,lower_80,upper_80,lower_95,upper_95");
  EXPECT_EQ(lines[1].substr(0, 9), "2/1/2016,");
  EXPECT_EQ(lines[24].substr(0, 9), "1/1/2018,");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::istringstream in(lines[i].substr(lines[i].find(',') + 1));
    double f, l80, u80, l95, u95;
    char c;
    in >> f >> c >> l80 >> c >> u80 >> c >> l95 >> c >> u95;
    EXPECT_TRUE(l95 < l80 && l80 < f && f < u80 && u80 < u95) << lines[i];
  }
  EXPECT_NE(read(folder_.path() / "forecast.svg").find("<svg"), std::string::npos);
}

TEST_F(ForecastCommands, TheSameSeedGivesTheSameModelAndForecastFilesByteForByte) {
  std::string models[2], forecasts[2];
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(train({"--seed", "7"}).exit_code, 0);
    ASSERT_EQ(run_tool({"forecast", "model.safetensors", training_.string(), "-o", "f.csv"}, folder_.path()).exit_code, 0);
    models[i] = read(folder_.path() / "model.safetensors");
    forecasts[i] = read(folder_.path() / "f.csv");
  }
  EXPECT_EQ(models[0], models[1]);
  EXPECT_EQ(forecasts[0], forecasts[1]);
}

TEST_F(ForecastCommands, BacktestPrintsEveryMethodAndTheSameAsJson) {
  // Protocol B: the default origins and horizon on the bundled series.
  const ToolRun run =
      run_tool(with({"backtest", kData, "--seeds", "1", "--json", "-o", "forecasts.csv"}, kQuick), folder_.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err.find("origins"), std::string::npos) << run.err;  // 25: no note on fewer
  const auto lines = lines_of(run.out);
  EXPECT_EQ(lines[0], "25 origins from 2/1/2015 to 2/1/2017, 12 steps each (300 forecasts per method)");
  EXPECT_EQ(lines[lines.size() - 2], "wrote forecasts.csv");
  const auto json = nlohmann::json::parse(lines.back());
  // Every forecast, beside its actual value: each method's MAPE and coverage again from the file.
  const auto rows = lines_of(read(folder_.path() / "forecasts.csv"));
  ASSERT_EQ(rows.size(), 1 + 6 * 300u);
  EXPECT_EQ(rows[0], "method,origin,date,step,actual,forecast,lower_80,upper_80");
  EXPECT_EQ(rows[1].substr(0, 41), "elman (seed 1),2/1/2015,2/1/2015,1,116.37");
  EXPECT_EQ(rows[300].substr(0, 44), "elman (seed 1),2/1/2017,1/1/2018,12,129.4048");  // row 396, the last
  std::map<std::string, std::vector<double>> errors, inside;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    std::vector<std::string> f;
    std::istringstream in(rows[i]);
    for (std::string field; std::getline(in, field, ',');) f.push_back(field);
    ASSERT_EQ(f.size(), 8u) << rows[i];
    const double actual = std::stod(f[4]), forecast = std::stod(f[5]);
    errors[f[0]].push_back(std::abs(forecast - actual) / actual);
    inside[f[0]].push_back(std::stod(f[6]) <= actual && actual <= std::stod(f[7]) ? 1.0 : 0.0);
  }
  for (const auto& m : json["methods"]) {
    const auto& e = errors[m["name"].get<std::string>()];
    const auto& c = inside[m["name"].get<std::string>()];
    ASSERT_EQ(e.size(), 300u) << m["name"];
    EXPECT_NEAR(100.0 * std::accumulate(e.begin(), e.end(), 0.0) / 300.0, m["mape"].get<double>(), 1e-9);
    EXPECT_NEAR(std::accumulate(c.begin(), c.end(), 0.0) / 300.0, m["coverage"]["80"].get<double>(), 1e-12);
  }
  ASSERT_EQ(json["origins"].size(), 25u);
  EXPECT_EQ(json["origins"][0], "2/1/2015");
  std::vector<std::string> names;
  for (const auto& m : json["methods"]) names.push_back(m["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"elman (seed 1)", "naive", "snaive", "drift", "hw", "hw (best in hindsight)"}));
  // Protocol B's seasonal naive: 3.34 % pooled MAPE (the reference figure), 67 % of actuals in its 80 % interval.
  EXPECT_NEAR(json["methods"][2]["mape"].get<double>(), 3.339, 5e-4);
  EXPECT_NEAR(json["methods"][2]["coverage"]["80"].get<double>(), 0.67, 1e-9);
  // The forecaster and Holt-Winters by AICc chose at each of the 25 fits; the table names each choice with its
  // count, on one line when there is one.
  for (const std::size_t i : {0, 4}) {
    std::size_t fits = 0;
    for (const auto& c : json["methods"][i]["choices"]) {
      fits += c["fits"].get<std::size_t>();
      const std::string described = json["methods"][i]["choices"].size() == 1
                                        ? c["description"].get<std::string>()
                                        : fmt::format("{:>4}  {}", c["fits"].get<std::size_t>(),
                                                      c["description"].get<std::string>());
      EXPECT_NE(run.out.find(described + "\n"), std::string::npos) << described;
    }
    EXPECT_EQ(fits, 25u) << json["methods"][i]["name"];
  }
  EXPECT_EQ(json["methods"][1]["choices"].size(), 0u);
  EXPECT_NE(run.out.find("  hw, chosen by AICc"), std::string::npos);
}

// Monthly counts with zeros: no log by default, the choice by MAE, and no MAPE in the backtest ("-", null).
TEST_F(ForecastCommands, ASeriesWithZerosTrainsWithoutTheLogAndBacktestsWithoutMape) {
  std::string csv = "date,count\n";
  for (int t = 0; t < 150; ++t)
    csv += fmt::format("{}-{:02d},{}\n", 2000 + t / 12, t % 12 + 1, (t * 7) % 5 + (t % 12 < 6 ? 0 : 4));
  const auto path = folder_.write("counts.csv", csv);
  const ToolRun trained =
      run_tool(with({"train", path.string(), "-o", "m.safetensors", "-q", "--selection", "mean"}, kQuick), folder_.path());
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  EXPECT_EQ(lines_of(trained.out)[0], "validation on the last 72 rows (MAE):");
  EXPECT_NE(trained.out.find("network inputs: standard values with month of year;"), std::string::npos) << trained.out;
  const ToolRun run = run_tool(with({"backtest", path.string(), "--origins", "3", "--horizon", "12", "--seeds", "1",
                                     "--refit", "once", "--json"},
                                    kQuick),
                               folder_.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto lines = lines_of(run.out);
  ASSERT_EQ(lines[2].substr(0, 26), "elman (seed 1)            ");
  std::string mae, rmse, mape;
  std::istringstream(lines[2].substr(26)) >> mae >> rmse >> mape;
  EXPECT_EQ(mape, "-");
  const auto json = nlohmann::json::parse(lines.back());
  for (const auto& m : json["methods"]) {
    EXPECT_TRUE(m["mape"].is_null()) << m["name"];
    EXPECT_TRUE(m["mase"].is_number()) << m["name"];
  }
  expect_failure(run_tool(with({"train", path.string(), "-o", "log.safetensors", "--transform", "log"}, kQuick),
                          folder_.path()),
                 path.string() + ": the value on 2000-01 is 0: the log transform needs positive values; leave out "
                                 "--transform (the default takes the log only of a positive series) or give "
                                 "--transform standard");
  EXPECT_FALSE(fs::exists(folder_.path() / "log.safetensors"));
}

// Trains on `csv` with the default horizon and forecasts with the model's: what train printed, and the forecast
// file's lines.
std::pair<std::string, std::vector<std::string>> train_and_forecast_defaults(const TempFolder& folder,
                                                                             const std::string& csv) {
  const auto path = folder.write("series.csv", csv);
  const ToolRun trained = run_tool(with({"train", path.string(), "-o", "m.safetensors", "-q"}, kQuick), folder.path());
  EXPECT_EQ(trained.exit_code, 0) << trained.err;
  EXPECT_EQ(run_tool({"forecast", "m.safetensors", path.string(), "-o", "f.csv"}, folder.path()).exit_code, 0);
  return {trained.out, lines_of(read(folder.path() / "f.csv"))};
}

// Without --horizon, the model forecasts two years of quarterly data (8 steps), as forecast does by default.
TEST_F(ForecastCommands, TheDefaultHorizonFollowsTheFrequency) {
  std::string csv = "date,value\n";
  for (int t = 0; t < 80; ++t)
    csv += fmt::format("{}-{:02d}-01,{}\n", 2000 + t / 4, 3 * (t % 4) + 1, 100 + t + 5 * (t % 4) + (t * 7) % 3);
  const auto [trained, lines] = train_and_forecast_defaults(folder_, csv);
  EXPECT_EQ(lines_of(trained)[0], "validation on the last 24 rows (MAPE %):");
  ASSERT_EQ(lines.size(), 9u);
  EXPECT_EQ(lines[1].substr(0, 11), "2020-01-01,");
  EXPECT_EQ(lines[8].substr(0, 11), "2021-10-01,");
}

// A quarterly backtest forecasts 8 steps by default, from as many origins as the rows allow: here 15, the first
// with the 8 rows a fit needs (two seasons for Holt-Winters, which the forecaster keeps on a series this short).
TEST_F(ForecastCommands, AShortQuarterlyBacktestUsesTheOriginsItsRowsAllow) {
  std::string csv = "date,value\n";
  for (int t = 0; t < 30; ++t)
    csv += fmt::format("{}-{:02d}-01,{}\n", 2000 + t / 4, 3 * (t % 4) + 1, 100 + t + 5 * (t % 4) + (t * 7) % 3);
  const auto path = folder_.write("q.csv", csv);
  const ToolRun run =
      run_tool(with({"backtest", path.string(), "--seeds", "1", "--refit", "once"}, kQuick), folder_.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err,
            "elman: note: 15 origins: as many as 30 rows allow, each fit needing 8 rows before its origin (--origins "
            "sets them)\n");
  EXPECT_EQ(lines_of(run.out)[0], "15 origins from 2002-01-01 to 2005-07-01, 8 steps each (120 forecasts per method)");
  const ToolRun one =
      run_tool(with({"backtest", path.string(), "--seeds", "1", "--origins", "1"}, kQuick), folder_.path());
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(lines_of(one.out)[0], "1 origin, 2005-07-01, 8 steps (8 forecasts per method)");
  EXPECT_EQ(lines_of(one.out).back().substr(0, 19), "training: 1 model, ");
  expect_failure(run_tool(with({"backtest", path.string(), "--origins", "16"}, kQuick), folder_.path()),
                 path.string() + ": 30 rows are too few for 16 origins 1 apart with a horizon of 8: expected at least "
                                 "31 (each fit needs 8 rows before its origin)");
}

// Weekdays only: business days, a season of 5, two weeks (10 steps) ahead, the forecast dates skipping weekends.
TEST_F(ForecastCommands, ABusinessDaySeriesForecastsTwoWeeksOfWeekdays) {
  std::string csv = "date,sales\n";
  auto day = std::chrono::sys_days{std::chrono::year{2024} / 1 / 1};  // a Monday
  for (int t = 0; t < 150; day += std::chrono::days{1}) {
    const unsigned weekday = std::chrono::weekday{day}.iso_encoding();
    if (weekday > 5) continue;
    const std::chrono::year_month_day date{day};
    csv += fmt::format("{}-{:02}-{:02},{}\n", int(date.year()), unsigned(date.month()), unsigned(date.day()),
                       100 + t / 10 + 3 * int(weekday) + (t * 7) % 3);
    ++t;
  }
  const auto [trained, lines] = train_and_forecast_defaults(folder_, csv);
  EXPECT_NE(trained.find("m = 5"), std::string::npos) << trained;
  EXPECT_NE(trained.find("trained on 'sales', 2024-01-01 to 2024-07-26 (150 rows)"), std::string::npos) << trained;
  ASSERT_EQ(lines.size(), 11u);
  EXPECT_EQ(lines[1].substr(0, 11), "2024-07-29,");  // the Monday after Friday 2024-07-26
  EXPECT_EQ(lines[5].substr(0, 11), "2024-08-02,");
  EXPECT_EQ(lines[6].substr(0, 11), "2024-08-05,");
  EXPECT_EQ(lines[10].substr(0, 11), "2024-08-09,");
}

// Years alone as dates (1960, 1961, ...): a yearly series, six years ahead by default, written back as years.
TEST_F(ForecastCommands, AYearlySeriesOfBareYearsForecastsSixYears) {
  std::string csv = "year,value\n";
  for (int t = 0; t < 60; ++t) csv += fmt::format("{},{}\n", 1960 + t, 100 + 2 * t + (t * 7) % 5);
  const auto [trained, lines] = train_and_forecast_defaults(folder_, csv);
  EXPECT_NE(trained.find("trained on 'value', 1960 to 2019 (60 rows)"), std::string::npos) << trained;
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[1].substr(0, 5), "2020,");
  EXPECT_EQ(lines[6].substr(0, 5), "2025,");
}

TEST_F(ForecastCommands, RejectsASeriesShorterThanTheWindowAndHorizon) {
  const auto lines = lines_of(read(kData));
  std::string shorter;
  for (std::size_t i = 0; i <= 40; ++i) shorter += lines[i] + "\n";
  const auto path = folder_.write("short.csv", shorter);
  expect_failure(run_tool(with({"train", path.string(), "-o", "m.safetensors", "--selection", "network"}, kQuick),
                          folder_.path()),
                 path.string() + ": 40 rows are too few: the network needs at least 48 (a window of 24 and a horizon of 24)");
  EXPECT_EQ(files(), (std::vector<std::string>{"short.csv", "training.csv"}));
}

// Five years of monthly data are too few to check the network against Holt-Winters on the last 72 rows: the
// forecaster is Holt-Winters, its variant chosen by AICc, and train says so.
TEST_F(ForecastCommands, ASeriesTooShortToChooseOnKeepsHoltWintersAndSaysWhy) {
  const auto lines = lines_of(read(kData));
  std::string shorter;
  for (std::size_t i = 0; i <= 60; ++i) shorter += lines[i] + "\n";
  const auto [trained, forecast] = train_and_forecast_defaults(folder_, shorter);
  const auto out = lines_of(trained);
  ASSERT_EQ(out.size(), 3u) << trained;
  EXPECT_EQ(out[0].substr(0, 24), "chose hw: Holt-Winters (") << out[0];
  EXPECT_EQ(out[0].substr(out[0].find("m = 12), ")),
            "m = 12), by AICc: 60 rows are too few to check the network against Holt-Winters on the last 72 (120 "
            "needed; --selection network trains the network anyway)");
  EXPECT_EQ(out[1].substr(0, 48), "trained on 'elec-prod', 1/1/1985 to 12/1/1989 (6");
  ASSERT_EQ(forecast.size(), 25u);
  EXPECT_EQ(forecast[1].substr(0, 9), "1/1/1990,");
}

// The model file keeps how the training CSV was read (here ';', a decimal comma, day-first dates and a missing
// value interpolated), and forecast reads the history that way without being told again: detection alone would
// read 1/2/2000 as January 2. An option given on the command line still wins.
TEST_F(ForecastCommands, TheForecastReadsTheHistoryAsTheModelsTrainingFileWasRead) {
  std::string csv = "date;value\n";
  for (int t = 0; t < 60; ++t)
    csv += t == 30 ? fmt::format("1/{}/{};\n", t % 12 + 1, 2000 + t / 12)
                   : fmt::format("1/{}/{};{},5\n", t % 12 + 1, 2000 + t / 12, 100 + t % 12 + t / 6);
  const auto path = folder_.write("dm.csv", csv);
  const ToolRun trained = run_tool({"train", path.string(), "-o", "m.safetensors", "-q", "--delimiter", ";",
                                    "--decimal", ",", "--date-format", "D/M/YYYY", "--missing", "interpolate"},
                                   folder_.path());
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  const ToolRun run = run_tool({"forecast", "m.safetensors", path.string(), "-o", "f.csv"}, folder_.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // No note on the day-or-month guess: only the interpolation's.
  EXPECT_EQ(run.err, "elman: note: filled 1 missing value by linear interpolation\n");
  const auto lines = lines_of(read(folder_.path() / "f.csv"));
  ASSERT_EQ(lines.size(), 25u);
  EXPECT_EQ(lines[1].substr(0, 9), "1/1/2005,");
  EXPECT_EQ(lines[2].substr(0, 9), "1/2/2005,");
  expect_failure(run_tool({"forecast", "m.safetensors", path.string(), "-o", "g.csv", "--date-format", "M/D/YYYY"},
                          folder_.path()),
                 path.string() + ": the model was trained on monthly data, the series is daily: expected the same "
                                 "frequency");
  expect_failure(run_tool({"forecast", "m.safetensors", path.string(), "-o", "g.csv", "--delimiter", ","},
                          folder_.path()),
                 "--delimiter: ',' is the decimal mark the model's training file was read with; give --decimal too");
}

// A file written with ';' between fields and decimal commas, as European spreadsheets export, needs no option: train
// and forecast detect both, so the model and the forecast are those of the same rows written the usual way.
TEST_F(ForecastCommands, DetectsASemicolonDelimiterAndADecimalComma) {
  std::string european = read(training_);
  std::ranges::replace(european, ',', ';');
  std::ranges::replace(european, '.', ',');
  const auto path = folder_.write("european.csv", european);
  for (const auto& [csv, model] : {std::pair{training_, "usual.safetensors"}, {path, "european.safetensors"}}) {
    const ToolRun trained =
        run_tool(with({"train", csv.string(), "-o", model, "-q", "--selection", "network"}, kQuick), folder_.path());
    ASSERT_EQ(trained.exit_code, 0) << trained.err;
  }
  EXPECT_EQ(read(folder_.path() / "usual.safetensors"), read(folder_.path() / "european.safetensors"));
  ASSERT_EQ(
      run_tool({"forecast", "usual.safetensors", training_.string(), "-o", "usual.csv"}, folder_.path()).exit_code, 0);
  const ToolRun run =
      run_tool({"forecast", "usual.safetensors", path.string(), "-o", "from-european.csv"}, folder_.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(read(folder_.path() / "from-european.csv"), read(folder_.path() / "usual.csv"));
}

// A table of years by months (a row per year, a column per month) trains and forecasts the numbers of the same
// rows written a row per month; its forecast is dated YYYY-MM.
TEST_F(ForecastCommands, ForecastsATableOfYearsByMonths) {
  const auto lines = lines_of(read(training_));
  std::string table = "Year,Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec\n";
  for (std::size_t i = 1; i < lines.size(); i += 12) {
    table += lines[i].substr(lines[i].rfind('/') + 1, 4);
    for (std::size_t k = i; k < i + 12; ++k)
      table += "," + (k < lines.size() ? lines[k].substr(lines[k].find(',') + 1) : "");
    table += "\n";
  }
  const auto path = folder_.write("table.csv", table);
  std::vector<std::vector<std::string>> forecasts;
  for (const auto& csv : {training_, path}) {
    const ToolRun trained = run_tool(
        with({"train", csv.string(), "-o", "m.safetensors", "-q", "--selection", "network"}, kQuick), folder_.path());
    ASSERT_EQ(trained.exit_code, 0) << trained.err;
    const ToolRun run = run_tool({"forecast", "m.safetensors", csv.string(), "-o", "f.csv"}, folder_.path());
    ASSERT_EQ(run.exit_code, 0) << run.err;
    forecasts.push_back(lines_of(read(folder_.path() / "f.csv")));
  }
  ASSERT_EQ(forecasts[0].size(), 25U);
  ASSERT_EQ(forecasts[1].size(), 25U);
  EXPECT_EQ(forecasts[1][1].substr(0, 8), "2016-02,");
  EXPECT_EQ(forecasts[1][24].substr(0, 8), "2018-01,");
  for (std::size_t i = 1; i < 25; ++i)
    EXPECT_EQ(forecasts[1][i].substr(8), forecasts[0][i].substr(forecasts[0][i].find(',') + 1)) << i;
}

// A file of several series in long form (a region column, a numeric unit code before the values) trains on one
// with --where, and the forecast reads the same rows again without being told: its numbers are those of the same
// rows in a file of their own. Without --where, the error names the column that tells the series apart.
TEST_F(ForecastCommands, ForecastsOneSeriesOfAFileInLongForm) {
  const auto path = in_long_form("date,region,unit_code,value", {"North,347,", "South West,347,1"});
  expect_failure(run_tool(with({"train", path.string(), "-o", "m.safetensors", "-q"}, kQuick), folder_.path()),
                 path.string() +
                     ":3: duplicate date '1/1/1985' (also on line 2); the file holds several series, "
                     "told apart by column 'region' (North, South West): give --where region=North for "
                     "one");
  for (const auto& [csv, model] : {std::pair{training_, "usual.safetensors"}, {path, "long.safetensors"}}) {
    const ToolRun trained = run_tool(
        with({"train", csv.string(), "-o", model, "-q", "--selection", "network", "--where", "region=North"}, kQuick),
        folder_.path());
    if (csv == training_) {
      expect_failure(trained, training_.string() + ":1: unknown column 'region'; the columns are: date, elec-prod");
      ASSERT_EQ(
          run_tool(with({"train", csv.string(), "-o", model, "-q", "--selection", "network"}, kQuick), folder_.path())
              .exit_code,
          0);
      continue;
    }
    ASSERT_EQ(trained.exit_code, 0) << trained.err;
  }
  ASSERT_EQ(
      run_tool({"forecast", "usual.safetensors", training_.string(), "-o", "usual.csv"}, folder_.path()).exit_code, 0);
  const ToolRun run = run_tool({"forecast", "long.safetensors", path.string(), "-o", "north.csv"}, folder_.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(read(folder_.path() / "north.csv"), read(folder_.path() / "usual.csv"));
  EXPECT_NE(run.out.find(" (24 steps of value (North) by "), std::string::npos) << run.out;
  // Another series of the file by the command line's --where, which wins over the model's.
  const ToolRun other =
      run_tool({"forecast", "long.safetensors", path.string(), "-o", "south.csv", "--where", "region=South West"},
               folder_.path());
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_NE(read(folder_.path() / "south.csv"), read(folder_.path() / "north.csv"));
  expect_failure(run_tool({"forecast", "long.safetensors", path.string(), "-o", "east.csv", "--where", "region=East"},
                          folder_.path()),
                 path.string() + ": no row has region 'East' (--where); column 'region' holds North, South West");
  expect_failure(
      run_tool({"forecast", "long.safetensors", path.string(), "-o", "east.csv", "--where", "region"}, folder_.path()),
      "--where: expected COLUMN=TEXT, got 'region' (elman forecast --help lists the options)");
  EXPECT_FALSE(fs::exists(folder_.path() / "east.csv"));
}

// A note that every series of the file shares (here: another numeric column besides the values) is said once for
// all of them, by train and backtest --by alike.
TEST_F(ForecastCommands, SaysANoteThatEverySeriesOfAFileSharesOnce) {
  const auto path = in_long_form("date,region,code,value", {"North,7,", "South,7,1"});
  const std::vector<std::string> options{"--selection", "network", "--hidden", "8", "--epochs", "2"};
  const std::string note = "elman: note: the values are column 'value' (--value-col names another: code)\n";
  const auto times = [&](const std::string& text) {
    std::size_t count = 0;
    for (auto at = text.find(note); at != std::string::npos; at = text.find(note, at + 1)) ++count;
    return count;
  };
  const ToolRun trained =
      run_tool(with({"train", path.string(), "--by", "region", "-o", "models", "-q"}, options), folder_.path());
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  EXPECT_EQ(times(trained.err), 1u) << trained.err;
  const ToolRun forecast = run_tool({"forecast", "models", path.string(), "-o", "all.csv"}, folder_.path());
  ASSERT_EQ(forecast.exit_code, 0) << forecast.err;
  EXPECT_EQ(forecast.err, "");  // the model files name the value column
  const ToolRun backtest = run_tool(
      with({"backtest", path.string(), "--by", "region", "--origins", "2", "--seeds", "1", "--refit", "once"}, options),
      folder_.path());
  ASSERT_EQ(backtest.exit_code, 0) << backtest.err;
  EXPECT_EQ(times(backtest.err), 1u) << backtest.err;
}

TEST_F(ForecastCommands, TrainsAndForecastsEverySeriesOfAFileInLongFormByItsColumn) {
  const auto path = in_long_form("date,region,value", {"\"South, West\",1", "North,"});
  const std::vector<std::string> options{"-q", "--selection", "network", "--hidden", "8", "--epochs", "3"};
  ASSERT_EQ(run_tool(with({"train", training_.string(), "-o", "usual.safetensors"}, options), folder_.path()).exit_code,
            0);
  ASSERT_EQ(
      run_tool({"forecast", "usual.safetensors", training_.string(), "-o", "usual.csv"}, folder_.path()).exit_code, 0);
  const ToolRun trained =
      run_tool(with({"train", path.string(), "--by", "region", "-o", "models"}, options), folder_.path());
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  EXPECT_NE(trained.out.find("series 1 of 2: region=South, West\n"), std::string::npos) << trained.out;
  EXPECT_NE(trained.out.find("wrote 2 model files to models\n"), std::string::npos) << trained.out;
  std::vector<std::string> models;
  for (const auto& entry : fs::directory_iterator(folder_.path() / "models"))
    models.push_back(entry.path().filename().string());
  std::sort(models.begin(), models.end());
  EXPECT_EQ(models, (std::vector<std::string>{"North.safetensors", "South__West.safetensors"}));

  const ToolRun run = run_tool({"forecast", "models", path.string(), "-o", "all.csv"}, folder_.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "wrote all.csv (2 series, by region)\n");
  // The series in the order the file first holds them. The North rows are the forecast of the same rows alone,
  // after the series' text; the other series' text is quoted, as it holds a comma.
  const auto usual = lines_of(read(folder_.path() / "usual.csv"));
  const auto all = lines_of(read(folder_.path() / "all.csv"));
  const std::size_t steps = usual.size() - 1;
  ASSERT_EQ(all.size(), 1 + 2 * steps);
  EXPECT_EQ(all[0], "region," + usual[0]);
  const std::string first_date = usual[1].substr(0, usual[1].find(',') + 1);
  EXPECT_EQ(all[1].substr(0, 14 + first_date.size()), "\"South, West\"," + first_date);
  for (std::size_t i = 1; i <= steps; ++i) EXPECT_EQ(all[steps + i], "North," + usual[i]);
  // One model file forecasts its own series as usual.
  ASSERT_EQ(
      run_tool({"forecast", "models/North.safetensors", path.string(), "-o", "north.csv"}, folder_.path()).exit_code,
      0);
  EXPECT_EQ(read(folder_.path() / "north.csv"), read(folder_.path() / "usual.csv"));

  expect_failure(run_tool({"forecast", "models", path.string(), "-o", "x.csv", "--plot", "x.png"}, folder_.path()),
                 "--plot draws one series: give one model file of models to draw its forecast");
  fs::create_directory(folder_.path() / "whole");
  fs::copy_file(folder_.path() / "usual.safetensors", folder_.path() / "whole" / "usual.safetensors");
  expect_failure(run_tool({"forecast", "whole", training_.string(), "-o", "x.csv"}, folder_.path()),
                 "whole/usual.safetensors: trained on a whole file, not on one series of a file in long form; "
                 "expected the model files of elman train --by");
  expect_failure(run_tool(with({"train", path.string(), "--by", "area", "-o", "other"}, options), folder_.path()),
                 path.string() + ":1: unknown column 'area'; the columns are: date, region, value");
  expect_failure(run_tool(with({"train", path.string(), "--by", "region", "-o", "usual.csv"}, options), folder_.path()),
                 "--output: 'usual.csv' is a file; with --by, expected a folder for the model files");
  // A model of a series that the file no longer holds: the error names the model file.
  const auto without_north = folder_.write("south.csv", in_long_form_text("date,region,value", {"\"South, West\",1"}));
  expect_failure(run_tool({"forecast", "models", without_north.string(), "-o", "x.csv"}, folder_.path()),
                 "models/North.safetensors: " + without_north.string() +
                     ": no row has region 'North' (--where); column 'region' holds South, West");
  // Training that file into the same folder leaves the North model, and says so.
  EXPECT_EQ(trained.err.find("also holds"), std::string::npos) << trained.err;
  const ToolRun again =
      run_tool(with({"train", without_north.string(), "--by", "region", "-o", "models"}, options), folder_.path());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("elman: note: models also holds 1 model file this run did not write (North.safetensors); "
                           "elman forecast models forecasts every model file in it\n"),
            std::string::npos)
      << again.err;
  // A series too short to train: the error names it, and no model file of any series is written.
  const auto short_path = folder_.write("short.csv", read(path) + "1/1/2019,East,5\n2/1/2019,East,6\n");
  const ToolRun short_run =
      run_tool(with({"train", short_path.string(), "--by", "region", "-o", "short"}, options), folder_.path());
  EXPECT_EQ(short_run.exit_code, 2);
  EXPECT_NE(short_run.err.find("elman: error: series region=East: "), std::string::npos) << short_run.err;
  EXPECT_FALSE(fs::exists(folder_.path() / "short"));
  EXPECT_FALSE(fs::exists(folder_.path() / "x.csv"));
}

TEST_F(ForecastCommands, BacktestsEverySeriesOfAFileInLongFormAndAveragesTheirScores) {
  const auto path = in_long_form("date,region,value", {"\"South, West\",1", "North,"});
  const std::vector<std::string> options{"--origins", "2",        "--seeds", "1",        "--refit",
                                         "once",      "--hidden", "8",       "--epochs", "3"};
  const ToolRun north = run_tool(with({"backtest", path.string(), "--where", "region=North"}, options), folder_.path());
  ASSERT_EQ(north.exit_code, 0) << north.err;
  const ToolRun run = run_tool(
      with({"backtest", path.string(), "--by", "region", "--json", "-o", "forecasts.csv"}, options), folder_.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // The forecasts of every series, its text first (quoted where it holds a comma): 6 methods, 2 origins, 12 steps.
  const auto rows = lines_of(read(folder_.path() / "forecasts.csv"));
  ASSERT_EQ(rows.size(), 1 + 2 * 6 * 2 * 12u);
  EXPECT_EQ(rows[0], "region,method,origin,date,step,actual,forecast,lower_80,upper_80");
  EXPECT_EQ(rows[1].substr(0, 29), "\"South, West\",elman (seed 1),");
  EXPECT_EQ(rows[1 + 6 * 2 * 12].substr(0, 21), "North,elman (seed 1),");
  // Each series' table as its own backtest prints it (all but the training time), after a line naming the series.
  EXPECT_NE(run.out.find("series 1 of 2: region=South, West\n"), std::string::npos) << run.out;
  const std::string table = north.out.substr(0, north.out.find("training: 1 model, "));
  EXPECT_NE(run.out.find("\nseries 2 of 2: region=North\n" + table), std::string::npos) << run.out;
  // Then each method's mean MASE and sMAPE and its mean coverage over the series, also in the JSON line.
  const auto json = nlohmann::json::parse(lines_of(run.out).back());
  ASSERT_EQ(json["series"].size(), 2u);
  EXPECT_EQ(json["series"][1]["series"], "region=North");
  const auto& mean = json["mean"];
  ASSERT_EQ(mean.size(), 6u);
  for (std::size_t m = 0; m < mean.size(); ++m) {
    const auto& a = json["series"][0]["backtest"]["methods"][m];
    const auto& b = json["series"][1]["backtest"]["methods"][m];
    EXPECT_EQ(mean[m]["name"], a["name"]);
    EXPECT_DOUBLE_EQ(mean[m]["mase"].get<double>(), (a["mase"].get<double>() + b["mase"].get<double>()) / 2);
    EXPECT_DOUBLE_EQ(mean[m]["smape"].get<double>(), (a["smape"].get<double>() + b["smape"].get<double>()) / 2);
    EXPECT_DOUBLE_EQ(mean[m]["coverage"]["80"].get<double>(),
                     (a["coverage"]["80"].get<double>() + b["coverage"]["80"].get<double>()) / 2);
    EXPECT_NE(run.out.find(fmt::format("\n{:<26} {:>6.3f} {:>7.3f}", mean[m]["name"].get<std::string>(),
                                       mean[m]["mase"].get<double>(), mean[m]["smape"].get<double>())),
              std::string::npos)
        << mean[m]["name"];
  }
  EXPECT_NE(run.out.find("\nmean over the 2 series\nmethod                       MASE  sMAPE%  cov80%\n"),
            std::string::npos)
      << run.out;
  expect_failure(
      run_tool(with({"backtest", path.string(), "--by", "region", "--plot", "b.svg"}, options), folder_.path()),
      "--plot draws one series: give --where for one instead of --by");
  EXPECT_FALSE(fs::exists(folder_.path() / "b.svg"));
}

TEST_F(ForecastCommands, BacktestRejectsAForecastsPathInAMissingFolderBeforeTraining) {
  const ToolRun run = run_tool(with({"backtest", training_.string(), "-o", "missing/f.csv"}, kQuick), folder_.path());
  expect_failure(run, "missing/f.csv: cannot write: folder 'missing' does not exist");
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(files(), (std::vector<std::string>{"training.csv"}));
}

TEST_F(ForecastCommands, RejectsAModelPathInAMissingFolderBeforeTraining) {
  const ToolRun run = run_tool(with({"train", training_.string(), "-o", "missing/model.safetensors"}, kQuick),
                               folder_.path());
  expect_failure(run, "missing/model.safetensors: cannot write: folder 'missing' does not exist");
  EXPECT_EQ(run.out, "");  // no validation table: nothing was trained
  EXPECT_EQ(files(), (std::vector<std::string>{"training.csv"}));
}

TEST_F(ForecastCommands, RejectsAZeroHorizon) {
  ASSERT_EQ(train().exit_code, 0);
  expect_failure(run_tool({"forecast", "model.safetensors", training_.string(), "--horizon", "0", "-o", "f.csv"},
                          folder_.path()),
                 "--horizon: expected a number of steps from 1 to 10000, got 0");
  expect_failure(run_tool(with({"train", training_.string(), "-o", "m.safetensors", "--horizon", "0"}, kQuick),
                          folder_.path()),
                 "--horizon: expected 1 to 10000 steps, got 0");
  EXPECT_EQ(files(), (std::vector<std::string>{"model.safetensors", "training.csv"}));
}

TEST_F(ForecastCommands, RejectsAnUnknownChoiceNamingItsOption) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--window-level", "--window-level: expected none, all or alternate, got 'some'"},
      {"--selection", "--selection: expected auto, network, hw or mean, got 'some'"},
      {"--strategy", "--strategy: expected direct or recursive, got 'some'"},
      {"--cell", "--cell: expected gru, lstm or rnn, got 'some'"},
      {"--calendar", "--calendar: expected auto, none, month or hour_weekday, got 'some'"},
  };
  for (const auto& [option, message] : cases) {
    expect_failure(run_tool(with({"train", training_.string(), "-o", "m.safetensors", option, "some"}, kQuick),
                            folder_.path()),
                   message);
    expect_failure(run_tool({"backtest", training_.string(), option, "some"}, folder_.path()), message);
  }
  EXPECT_EQ(files(), (std::vector<std::string>{"training.csv"}));
}

TEST_F(ForecastCommands, RejectsANegativeNumberForAnUnsignedOption) {
  // Not its wrapped value 18446744073709551615, and not an allocation of that many origins.
  expect_failure(run_tool({"backtest", training_.string(), "--origins", "-3"}, folder_.path()),
                 "--origins: expected a whole number of 0 or more, got -3 (elman backtest --help lists the options)");
  expect_failure(run_tool(with({"train", training_.string(), "-o", "m.safetensors", "--threads", "-1"}, kQuick),
                          folder_.path()),
                 "--threads: expected a whole number of 0 or more, got -1 (elman train --help lists the options)");
  // Not a number at all, for each kind of numeric option: what was expected, not "Could not convert".
  expect_failure(run_tool({"backtest", training_.string(), "--origins", "x"}, folder_.path()),
                 "--origins: expected a whole number of 0 or more, got x (elman backtest --help lists the options)");
  expect_failure(run_tool({"train", training_.string(), "-o", "m.safetensors", "--hidden", "3x"}, folder_.path()),
                 "--hidden: expected a whole number, got 3x (elman train --help lists the options)");
  expect_failure(run_tool({"train", training_.string(), "-o", "m.safetensors", "--lr", "abc"}, folder_.path()),
                 "--lr: expected a number, got abc (elman train --help lists the options)");
  EXPECT_EQ(files(), (std::vector<std::string>{"training.csv"}));
}

TEST_F(ForecastCommands, RejectsAWholeNumberBeyond64BitsInsteadOfClampingIt) {
  // Not the largest value in its place: two seeds past 2^64 would otherwise train the same model.
  expect_failure(
      run_tool({"train", training_.string(), "-o", "m.safetensors", "--seed", "99999999999999999999"}, folder_.path()),
      "--seed: expected a whole number from 0 to 18446744073709551615, got 99999999999999999999 (elman "
      "train --help lists the options)");
  expect_failure(run_tool({"train", training_.string(), "-o", "m.safetensors", "--hidden", "-9223372036854775809"},
                          folder_.path()),
                 "--hidden: expected a whole number from -9223372036854775808 to 9223372036854775807, got "
                 "-9223372036854775809 (elman train --help lists the options)");
  EXPECT_EQ(files(), (std::vector<std::string>{"training.csv"}));
  // The largest seed itself is a seed.
  EXPECT_EQ(
      run_tool(with({"train", training_.string(), "-o", "m.safetensors", "--seed", "18446744073709551615"}, kQuick),
               folder_.path())
          .exit_code,
      0);
}

TEST_F(ForecastCommands, RejectsOriginsTooFarApartWithTheRowsTheyWouldNeed) {
  expect_failure(
      run_tool({"backtest", training_.string(), "--origins", "25", "--step", "1000000000000000000"}, folder_.path()),
      training_.string() + ": 373 rows are too few for 25 origins 1000000000000000000 apart with a horizon of 12: "
                           "expected at least 24000000000000000036 (each fit needs 24 rows before its origin)");
}

TEST_F(ForecastCommands, RejectsAModelForAnotherColumnOrFrequency) {
  ASSERT_EQ(train().exit_code, 0);
  std::string other = "date,elec-prod,other\n", quarterly = "date,elec-prod\n";
  for (int i = 0; i < 60; ++i) other += std::to_string(i % 12 + 1) + "/1/" + std::to_string(2000 + i / 12) + ",1,2\n";
  for (int i = 0; i < 60; ++i)
    quarterly += std::to_string(3 * (i % 4) + 1) + "/1/" + std::to_string(2000 + i / 4) + "," + std::to_string(90 + i % 7) + "\n";
  const auto other_path = folder_.write("other.csv", other), quarterly_path = folder_.write("quarterly.csv", quarterly);
  expect_failure(run_tool({"forecast", "model.safetensors", other_path.string(), "--value-col", "other", "-o", "f.csv"},
                          folder_.path()),
                 other_path.string() + ": the model was trained on column 'elec-prod', the series read is 'other': "
                                       "expected the same column (--value-col)");
  const ToolRun run = run_tool({"forecast", "model.safetensors", quarterly_path.string(), "-o", "f.csv"}, folder_.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("the model was trained on monthly data, the series is quarterly: expected the same frequency"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(files(), (std::vector<std::string>{"model.safetensors", "other.csv", "quarterly.csv", "training.csv"}));
}

TEST_F(ForecastCommands, RejectsAHistoryWithAGapOrAMissingValue) {
  ASSERT_EQ(train().exit_code, 0);
  const auto lines = lines_of(read(training_));
  std::string gap, missing;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i != 100) gap += lines[i] + "\n";
    missing += (i == 100 ? lines[i].substr(0, lines[i].find(',') + 1) : lines[i]) + "\n";
  }
  const auto gap_path = folder_.write("gap.csv", gap), missing_path = folder_.write("missing.csv", missing);
  for (const auto& path : {gap_path, missing_path}) {
    const ToolRun run = run_tool({"forecast", "model.safetensors", path.string(), "-o", "f.csv"}, folder_.path());
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(lines_of(run.err).back().rfind("elman: error: " + path.string() + ":", 0), 0u) << run.err;
  }
  const ToolRun filled = run_tool({"forecast", "model.safetensors", missing_path.string(), "-o", "f.csv", "--missing",
                                   "interpolate"},
                                  folder_.path());
  EXPECT_EQ(filled.exit_code, 0) << filled.err;
}

// Errors are squared on the way to every forecast and interval: values whose squares overflow (1e300 gave intervals
// of -inf to inf and nan) or underflow (1e-300 gave intervals of no width) are refused by every forecasting command,
// naming the line, with no file left.
TEST_F(ForecastCommands, RejectsValuesBeyondTheMagnitudesWhoseSquaresAreFinite) {
  ASSERT_EQ(train().exit_code, 0);
  const auto lines = lines_of(read(training_));
  for (const std::string value : {"1e+300", "-2e+151", "1e-300"}) {
    std::string text;
    for (std::size_t i = 0; i < lines.size(); ++i)
      text += (i == 50 ? lines[i].substr(0, lines[i].find(',') + 1) + value : lines[i]) + "\n";
    const auto path = folder_.write("far.csv", text);
    const std::string message = path.string() + ": line 51: value " + value +
                                " of 'elec-prod': forecasting squares its errors, so it expects magnitudes from "
                                "1e-150 to 1e+150 (or 0); give the series in other units";
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"train", path.string(), "-o", "far.safetensors"},
             {"forecast", "model.safetensors", path.string(), "-o", "f.csv"},
             {"backtest", path.string(), "--json", "--plot", "b.svg"},
             {"baseline", path.string(), "--method", "hw", "--horizon", "3", "-o", "f.csv"}})
      expect_failure(run_tool(args, folder_.path()), message);
  }
  EXPECT_EQ(files(), (std::vector<std::string>{"far.csv", "model.safetensors", "training.csv"}));
}

TEST_F(ForecastCommands, RejectsAModelFileThatIsNotAForecaster) {
  ASSERT_EQ(run_tool({"init", "--mode", "gru", "--input-size", "1", "--hidden-size", "4", "--seed", "1", "-o", "gru.safetensors"},
                     folder_.path())
                .exit_code,
            0);
  expect_failure(run_tool({"forecast", "gru.safetensors", training_.string(), "-o", "f.csv"}, folder_.path()),
                 "gru.safetensors: not an elman forecaster (its __metadata__ has no 'forecaster' entry): expected a "
                 "file written by elman train");
  folder_.write("garbage.safetensors", "not a safetensors file at all");
  const ToolRun run = run_tool({"forecast", "garbage.safetensors", training_.string(), "-o", "f.csv"}, folder_.path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(lines_of(run.err).back().rfind("elman: error: garbage.safetensors", 0), 0u) << run.err;
  EXPECT_FALSE(fs::exists(folder_.path() / "f.csv"));
  // The history first, then the model: the order the command expects.
  expect_failure(run_tool({"forecast", "training.csv", "gru.safetensors", "-o", "f.csv"}, folder_.path()),
                 "the model file comes first, then the history: expected elman forecast gru.safetensors training.csv");
  EXPECT_FALSE(fs::exists(folder_.path() / "f.csv"));
}

}  // namespace
