// Rolling-origin evaluation in-process: which forecasters are trained on which rows (once, or at every origin),
// and the count reported after each one.
#include "elman/ts/backtest.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "elman/core/error.hpp"
#include "elman/ts/metrics.hpp"
#include "io/temp_folder.hpp"
#include "ts/date_helpers.hpp"

namespace {

using elman::testing::error_message;
using elman::testing::monthly;
using elman::ts::BacktestOptions;
using elman::ts::Forecaster;
using elman::ts::Selection;

double seasonal(double t) { return 100.0 + 0.2 * t + 10.0 * std::sin(2.0 * std::numbers::pi * t / 12.0); }
// With a chirp on top, Holt-Winters by AICc and the forecaster's choice change from one origin to the next.
double chirped(double t) { return seasonal(t) + 3.0 * std::sin(0.9 * t * t); }

BacktestOptions small(bool refit_every) {
  BacktestOptions o;
  o.origins = 3;
  o.horizon = 6;
  o.step = 2;
  o.seeds = 2;
  o.refit_every = refit_every;
  o.forecaster.hidden = 4;
  o.forecaster.window = 12;
  o.forecaster.epochs = 2;
  o.forecaster.members = 1;
  o.forecaster.threads = 1;
  o.forecaster.selection = Selection::Network;
  return o;
}

using Counts = std::vector<std::pair<std::size_t, std::size_t>>;

// The backtest, with every progress call recorded in `counts`.
elman::ts::BacktestResult backtest(const elman::ts::TimeSeries& series, const BacktestOptions& o, Counts& counts) {
  return elman::ts::backtest(series, o, [&](std::size_t n, std::size_t total) { counts.emplace_back(n, total); });
}

// The options the backtest trains seed `seed` with.
elman::ts::ForecasterOptions forecaster_of(const BacktestOptions& o, std::uint64_t seed) {
  elman::ts::ForecasterOptions f = o.forecaster;
  f.horizon = o.horizon;
  f.seed = seed;
  return f;
}

TEST(Backtest, RefitEveryTrainsEachSeedAtEveryOriginOnTheRowsBeforeIt) {
  const auto series = monthly(96, seasonal);
  const BacktestOptions o = small(true);
  Counts counts;
  const auto result = backtest(series, o, counts);
  EXPECT_EQ(counts, (Counts{{1, 6}, {2, 6}, {3, 6}, {4, 6}, {5, 6}, {6, 6}}));
  EXPECT_EQ(result.training_seconds.size(), 6u);
  EXPECT_EQ(result.origins, (std::vector<std::size_t>{86, 88, 90}));
  // The second seed's forecast from the last origin is the forecaster trained on the 90 rows before it.
  ASSERT_EQ(result.methods[2].name, "elman (seed 2)");
  const auto history = series.slice(0, 90);
  const Forecaster last = Forecaster::train(history, forecaster_of(o, 2));
  EXPECT_EQ(result.methods[2].forecasts[2].mean, last.forecast(history, 6).mean);
  // The network was kept at all three fits: one choice.
  EXPECT_EQ(result.methods[2].choices, (std::vector<elman::ts::Choice>{{last.describe(), 3}}));
}

TEST(Backtest, TheResultIsTheSameWithAnyNumberOfThreads) {
  // The fits run side by side: every forecast, choice and count is the same on 1, 2 or 3 threads, and the progress
  // still counts 1, 2, ... in order.
  const auto series = monthly(96, chirped);
  std::vector<std::vector<double>> forecasts[3];
  std::vector<std::string> descriptions[3];
  for (std::size_t threads = 1; threads <= 3; ++threads) {
    BacktestOptions o = small(true);
    o.forecaster.selection = Selection::Auto;
    o.forecaster.members = 2;
    o.forecaster.threads = threads;
    Counts counts;
    const auto result = backtest(series, o, counts);
    EXPECT_EQ(counts, (Counts{{1, 6}, {2, 6}, {3, 6}, {4, 6}, {5, 6}, {6, 6}})) << threads << " threads";
    for (const auto& m : result.methods) {
      descriptions[threads - 1].push_back(m.name + ": " + m.description);
      for (const auto& c : m.choices)
        descriptions[threads - 1].push_back(fmt::format("{} at {}", c.description, c.fits));
      for (const auto& f : m.forecasts) forecasts[threads - 1].push_back(f.mean);
    }
  }
  EXPECT_EQ(forecasts[1], forecasts[0]);
  EXPECT_EQ(forecasts[2], forecasts[0]);
  EXPECT_EQ(descriptions[1], descriptions[0]);
  EXPECT_EQ(descriptions[2], descriptions[0]);
}

TEST(Backtest, DescribesEachChoiceWithTheFitsThatMadeItWhenTheyDiffer) {
  // Each choice is named with the fits that made it, the most frequent first, and the counts add up to the origins.
  const auto series = monthly(96, chirped);
  BacktestOptions o = small(true);
  o.seeds = 1;
  o.forecaster.selection = Selection::Auto;
  const auto result = elman::ts::backtest(series, o);
  for (const auto& m : result.methods) {
    if (m.name != "hw" && m.name != "elman (seed 1)") continue;
    std::size_t fits = 0, previous = 3;
    for (const auto& c : m.choices) {
      EXPECT_LE(c.fits, previous) << m.name << ": " << c.description;
      fits += c.fits, previous = c.fits;
    }
    EXPECT_GT(m.choices.size(), 1u) << m.name;
    EXPECT_EQ(fits, 3u) << m.name;
  }
}

TEST(Backtest, RefitOnceTrainsEachSeedBeforeTheFirstOriginAndForecastsFromEveryOrigin) {
  const auto series = monthly(96, seasonal);
  const BacktestOptions o = small(false);
  Counts counts;
  const auto result = backtest(series, o, counts);
  EXPECT_EQ(counts, (Counts{{1, 2}, {2, 2}}));
  const auto model = Forecaster::train(series.slice(0, 86), forecaster_of(o, 2));
  EXPECT_EQ(result.methods[2].forecasts[2].mean, model.forecast(series.slice(0, 90), 6).mean);
}

TEST(Backtest, AnErrorInAFitNamesTheOriginAndItsRows) {
  BacktestOptions o = small(true);
  o.forecaster.transforms = std::vector<std::string>{"log", "standard"};
  // A 0 among the rows before the second origin, which the log cannot take.
  const auto series = monthly(96, [](double t) { return t == 87.0 ? 0.0 : seasonal(t); });
  EXPECT_EQ(error_message([&] { elman::ts::backtest(series, o); }),
            "series.csv: the value on 2007-04-01 is 0: the log transform needs positive values; leave out "
            "--transform (the default takes the log only of a positive series) or give --transform standard "
            "(training on the 88 rows before the origin 2007-05-01)");
}

TEST(Backtest, RejectsAStepOrSeedsOf0AndMoreThan100Seeds) {
  const auto series = monthly(96, seasonal);
  for (const auto& [step, seeds, message] : std::vector<std::tuple<std::size_t, std::size_t, std::string>>{
           {0, 3, "backtest: expected --step and --seeds of at least 1, got 0 and 3"},
           {1, 0, "backtest: expected --step and --seeds of at least 1, got 1 and 0"},
           // 10^8 seeds ran out of memory before this check.
           {1, 100'000'000, "--seeds: expected 1 to 100 forecasters for each origin, got 100000000"}}) {
    BacktestOptions o = small(true);
    o.step = step;
    o.seeds = seeds;
    EXPECT_EQ(error_message([&] { elman::ts::backtest(series, o); }), message);
  }
}

// Left at 0, the horizon is a year of monthly data and the origins as many as the rows allow, up to 25: the first
// with exactly the rows its fits need. Too many origins given is an error naming those rows.
TEST(Backtest, TheDefaultOriginsAreAsManyAsTheRowsAllow) {
  BacktestOptions o = small(false);
  o.seeds = 1;
  o.origins = 0;
  const auto result = elman::ts::backtest(monthly(60, seasonal), o);
  // Holt-Winters' two seasons (24 rows) are more than the network's window and horizon (12 + 6).
  EXPECT_EQ(result.fewest_rows, 24u);
  EXPECT_EQ(result.horizon, 6u);
  ASSERT_EQ(result.origins.size(), 16u);  // 24, 26, ..., 54: the last a horizon before the end
  EXPECT_EQ(result.origins.front(), 24u);
  EXPECT_EQ(result.origins.back(), 54u);
  EXPECT_EQ(error_message([&] { elman::ts::backtest(monthly(29, seasonal), o); }),
            "series.csv: 29 rows are too few for a backtest with a horizon of 6: expected at least 30 (each fit needs "
            "24 rows before its origin)");

  o.horizon = 0;
  o.step = 1;
  // The forecaster's choice needs the network's 12 + 12 rows and three horizons after them, 60; with fewer it keeps
  // Holt-Winters, so its fits need two seasons, as the baselines do.
  o.forecaster.selection = Selection::Auto;
  const auto defaults = elman::ts::backtest(monthly(100, seasonal), o);
  EXPECT_EQ(defaults.horizon, 12u);
  EXPECT_EQ(defaults.fewest_rows, 24u);
  EXPECT_EQ(defaults.origins.size(), elman::ts::default_origins);
  EXPECT_EQ(defaults.origins.front(), 64u);  // 25 origins of 12 steps end at row 99

  o.origins = 66;
  EXPECT_EQ(error_message([&] { elman::ts::backtest(monthly(100, seasonal), o); }),
            "series.csv: 100 rows are too few for 66 origins 1 apart with a horizon of 12: expected at least 101 (each "
            "fit needs 24 rows before its origin)");
}

// Counts with zeros: MAPE is undefined (NaN in every row), the other metrics are not, and the choices (the
// forecaster's, the variant in hindsight) go by MAE.
TEST(Backtest, ASeriesWithZerosHasNoMapeAndEveryOtherMetric) {
  const auto series =
      monthly(96, [](double t) { return std::round(3.0 + 3.0 * std::sin(std::numbers::pi * t / 6.0)); });
  BacktestOptions o = small(true);
  o.seeds = 1;
  o.forecaster.selection = Selection::Auto;
  const auto result = elman::ts::backtest(series, o);
  ASSERT_EQ(result.methods.size(), 6u);
  for (const auto& m : result.methods) {
    EXPECT_TRUE(std::isnan(m.mape)) << m.name;
    EXPECT_TRUE(std::isfinite(m.mae) && std::isfinite(m.smape) && std::isfinite(m.mase)) << m.name;
  }
  // The variant in hindsight has the lowest pooled MAE of all.
  EXPECT_EQ(result.methods.back().name, "hw (best in hindsight)");
  const auto values = series.values();
  double lowest = std::numeric_limits<double>::infinity();
  for (const auto& spec : elman::ts::holt_winters_variants(values.first(result.origins.front()), {12})) {
    std::vector<double> actual, forecast;
    for (std::size_t origin : result.origins) {
      const auto mean = elman::ts::HoltWinters::fit(values.first(origin), spec).forecast(o.horizon).mean;
      forecast.insert(forecast.end(), mean.begin(), mean.end());
      actual.insert(actual.end(), values.begin() + std::ptrdiff_t(origin),
                    values.begin() + std::ptrdiff_t(origin + o.horizon));
    }
    lowest = std::min(lowest, elman::ts::mae(actual, forecast));
  }
  EXPECT_DOUBLE_EQ(result.methods.back().mae, lowest);
}

// The origins a chart draws without overlap: every 12th one step apart, every other 24 apart with 48 steps, all of
// them where they are further apart than a horizon.
TEST(Backtest, NonOverlappingOriginsAreAtLeastAHorizonApart) {
  const auto origins = [](std::size_t count, std::size_t step) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < count; ++i) out.push_back(100 + i * step);
    return out;
  };
  EXPECT_EQ(elman::ts::non_overlapping(origins(25, 1), 12), (std::vector<std::size_t>{0, 12, 24}));
  EXPECT_EQ(elman::ts::non_overlapping(origins(5, 24), 48), (std::vector<std::size_t>{0, 2, 4}));
  EXPECT_EQ(elman::ts::non_overlapping(origins(3, 13), 12), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(elman::ts::non_overlapping(origins(1, 1), 12), (std::vector<std::size_t>{0}));
}

// On hourly data the Holt-Winters rows (by AICc, and in hindsight) also fit a season of a week, as the forecaster
// does, where the rows before the first origin hold two weeks; --season gives the only one.
TEST(Backtest, HoltWintersRowsTryAWeekOfHoursOnHourlyData) {
  const auto series = elman::testing::hourly_with_weekends(6);
  BacktestOptions o = small(false);
  o.origins = 2;
  o.horizon = 24;
  o.step = 24;
  o.seeds = 1;
  o.forecaster.selection = Selection::HoltWinters;
  const auto row = [](const elman::ts::BacktestResult& result, const std::string& name) {
    return *std::find_if(result.methods.begin(), result.methods.end(), [&](const auto& m) { return m.name == name; });
  };
  const auto week = elman::ts::backtest(series, o);
  ASSERT_EQ(row(week, "hw").choices.size(), 1u);
  EXPECT_NE(row(week, "hw").choices.front().description.find("m = 168"), std::string::npos);
  EXPECT_NE(row(week, "hw (best in hindsight)").description.find("m = 168"), std::string::npos);
  EXPECT_LT(row(week, "hw").mape, 0.5);
  o.forecaster.season = 24;
  const auto day = elman::ts::backtest(series, o);
  EXPECT_NE(row(day, "hw").choices.front().description.find("m = 24"), std::string::npos);
  EXPECT_NE(row(day, "hw (best in hindsight)").description.find("m = 24"), std::string::npos);
  EXPECT_GT(row(day, "hw (best in hindsight)").mape, 5.0);
}

}  // namespace
