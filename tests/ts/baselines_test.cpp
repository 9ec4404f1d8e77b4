#include "elman/ts/baselines.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <numbers>
#include <span>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "elman/core/error.hpp"
#include "elman/core/random.hpp"
#include "elman/ts/metrics.hpp"
#include "elman/ts/time_series.hpp"

namespace elman::ts {
namespace {

template <typename F>
std::string message_of(F&& call) {
  try {
    call();
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

// The bundled series' values (data/electric.csv, 1985-01 .. 2018-01, 397 rows).
std::vector<double> electric() {
  const TimeSeries series = read_csv_series(ELMAN_SOURCE_DIR "/data/electric.csv");
  return {series.values().begin(), series.values().end()};
}

const nlohmann::json& fixture() {
  static const nlohmann::json cases = [] {
    std::ifstream file(ELMAN_SOURCE_DIR "/tests/fixtures/baseline_cases.json");
    return nlohmann::json::parse(file);
  }();
  return cases;
}

HoltWintersSpec spec_of(const nlohmann::json& c) {
  const std::string trend = c["trend"], season = c["season"];
  return {trend == "none" ? TrendKind::None : trend == "damped" ? TrendKind::Damped : TrendKind::Additive,
          season == "add" ? SeasonKind::Additive : SeasonKind::Multiplicative, fixture()["season"].get<std::size_t>()};
}

std::vector<double> series_of(const nlohmann::json& c) {
  return fixture()["series"][c["series"].get<std::string>()].get<std::vector<double>>();
}

std::string name_of(const nlohmann::json& c) {
  return c["series"].get<std::string>() + " " + c["variant"].get<std::string>();
}

TEST(NormalQuantile, MatchesKnownValues) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(normal_quantile(0.9), 1.2815515655446004, 1e-14);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306167813, 1e-13);
  EXPECT_EQ(normal_quantile(0.5), 0.0);
  EXPECT_EQ(message_of([] { normal_quantile(1.0); }), "normal_quantile: expected a probability in (0, 1), got 1");
}

TEST(Naive, RepeatsLastValueWithSqrtHIntervals) {
  const std::vector<double> history{1.0, 3.0, 2.0, 4.0};  // residuals 2, -1, 2: sigma^2 = 9/3
  const std::vector<double> levels{95.0};
  const Forecast forecast = naive(history, 3, levels);
  EXPECT_EQ(forecast.mean, (std::vector<double>{4.0, 4.0, 4.0}));
  ASSERT_EQ(forecast.intervals.size(), 1u);
  const double z = normal_quantile(0.975);
  EXPECT_DOUBLE_EQ(forecast.intervals[0].upper[2], 4.0 + z * std::sqrt(3.0) * std::sqrt(3.0));
  EXPECT_DOUBLE_EQ(forecast.intervals[0].lower[0], 4.0 - z * std::sqrt(3.0));
}

TEST(SeasonalNaive, RepeatsLastSeasonWithGrowingIntervalsPerFullSeason) {
  const std::vector<double> history{1.0, 2.0, 3.0, 2.0, 4.0, 5.0};  // m 3: residuals 1, 2, 2 -> sigma^2 = 3
  const std::vector<double> levels{80.0};
  const Forecast forecast = seasonal_naive(history, 3, 4, levels);
  EXPECT_EQ(forecast.mean, (std::vector<double>{2.0, 4.0, 5.0, 2.0}));
  const double z = normal_quantile(0.9);
  EXPECT_DOUBLE_EQ(forecast.intervals[0].upper[2], 5.0 + z * std::sqrt(3.0));            // k = 0
  EXPECT_DOUBLE_EQ(forecast.intervals[0].upper[3], 2.0 + z * std::sqrt(3.0) * std::sqrt(2.0));  // k = 1
}

TEST(Drift, ExtendsTheLineFromFirstToLastValue) {
  const std::vector<double> history{1.0, 2.0, 4.0, 7.0};  // slope 2; residuals -1, 0, 1 -> sigma^2 = 2 / 2
  const std::vector<double> levels{95.0};
  const Forecast forecast = drift(history, 2, levels);
  EXPECT_EQ(forecast.mean, (std::vector<double>{9.0, 11.0}));
  const double z = normal_quantile(0.975);
  EXPECT_DOUBLE_EQ(forecast.intervals[0].upper[1], 11.0 + z * std::sqrt(2.0 * (1.0 + 2.0 / 3.0)));
}

// Counts (0, 3, 0, 1, 0) cannot fall below 0: the forecasts and bounds that would are raised to 0. The same
// baselines on a history holding a negative value keep theirs.
TEST(Baselines, NeverForecastBelowZeroWhereNoValueWas) {
  const std::vector<double> counts{0.0, 3.0, 0.0, 1.0, 0.0}, declining{5.0, 4.0, 3.0, 2.0, 1.0};
  const std::vector<double> levels{80.0};
  const Forecast naive_counts = naive(counts, 3, levels);
  EXPECT_EQ(naive_counts.intervals[0].lower, (std::vector<double>(3, 0.0)));
  EXPECT_DOUBLE_EQ(naive_counts.intervals[0].upper[0],
                   normal_quantile(0.9) * std::sqrt(20.0 / 4.0));  // residuals 3, -3, 1, -1
  EXPECT_EQ(seasonal_naive(counts, 2, 2, levels).intervals[0].lower, (std::vector<double>(2, 0.0)));
  EXPECT_EQ(drift(declining, 3).mean, (std::vector<double>{0.0, 0.0, 0.0}));  // 0, -1, -2 on the line
  std::vector<double> crossing = declining;
  for (double& v : crossing) v -= 2.0;
  EXPECT_EQ(drift(crossing, 3).mean, (std::vector<double>{-2.0, -3.0, -4.0}));
  const std::vector<double> negative_count{0.0, 3.0, -1.0, 1.0, 0.0};
  EXPECT_LT(naive(negative_count, 1, levels).intervals[0].lower[0], 0.0);
}

TEST(Baselines, RejectBadHorizonShortHistoryAndLevels) {
  const std::vector<double> history{1.0, 2.0, 3.0};
  const std::vector<double> bad_level{100.0};
  EXPECT_EQ(message_of([&] { naive(history, 0); }), "naive: expected a horizon of at least 1, got 0");
  EXPECT_EQ(message_of([&] { seasonal_naive(history, 3, 2); }),
            "seasonal_naive: expected at least 4 history values, got 3");
  EXPECT_EQ(message_of([&] { drift(std::span(history).first(2), 2); }),
            "drift: expected at least 3 history values, got 2");
  EXPECT_EQ(message_of([&] { naive(history, 1, bad_level); }),
            "prediction interval: expected a level in (0, 100) percent, got 100");
}

// With statsmodels' own parameters the recursions reproduce its in-sample SSE exactly and the textbook forecast
// (FPP3 8.3) from its final states; statsmodels 0.15's forecast() itself agrees except at horizons that are
// multiples of m, where it uses s_{T-m} for s_T (statsmodels issue #9538).
TEST(HoltWinters, ReproducesStatsmodelsWithItsParameters) {
  for (const auto& c : fixture()["cases"]) {
    HoltWintersParams p;
    p.alpha = c["alpha"];
    p.beta = c["beta"].is_null() ? 0.0 : c["beta"].get<double>();
    p.gamma = c["gamma"];
    p.phi = c["phi"].is_null() ? 1.0 : c["phi"].get<double>();
    p.level = c["initial_level"];
    p.trend = c["initial_trend"].is_null() ? 0.0 : c["initial_trend"].get<double>();
    p.seasons = c["initial_seasons"].get<std::vector<double>>();
    const HoltWinters model(series_of(c), spec_of(c), p);
    EXPECT_NEAR(model.sse(), c["sse"].get<double>(), 1e-9 * c["sse"].get<double>()) << name_of(c);
    const auto textbook = c["forecast_textbook"].get<std::vector<double>>();
    const auto theirs = c["forecast"].get<std::vector<double>>();
    const auto ours = model.forecast(textbook.size()).mean;
    for (std::size_t h = 0; h < ours.size(); ++h) {
      EXPECT_NEAR(ours[h], textbook[h], 1e-9 * std::abs(textbook[h])) << name_of(c) << " step " << h + 1;
      if ((h + 1) % 12 != 0) {
        EXPECT_NEAR(ours[h], theirs[h], 1e-9 * std::abs(theirs[h])) << name_of(c);
      }
    }
  }
}

// Our fit must reach statsmodels' SSE within 1 %. Where the two SSEs agree within 1 %, the forecasts must agree
// within 1 % of the value: near the optimum the SSE is flat, so different optimisers stop at slightly different
// parameters; the largest gap seen is 0.8 % for the damped variants, whose phi we bound by 0.98 (FPP3) where
// statsmodels allows 0.995. Where our SSE is lower by more than 1 % (statsmodels stops early on the airline
// series), the forecasts belong to a different optimum and only the SSE is compared.
TEST(HoltWinters, FitReachesStatsmodelsSseAndForecasts) {
  for (const auto& c : fixture()["cases"]) {
    const HoltWinters model = HoltWinters::fit(series_of(c), spec_of(c));
    const double reference = c["sse"];
    EXPECT_LE(model.sse(), reference * 1.01) << name_of(c);
    if (model.sse() < reference * 0.99) continue;
    const auto textbook = c["forecast_textbook"].get<std::vector<double>>();
    const auto ours = model.forecast(textbook.size()).mean;
    for (std::size_t h = 0; h < ours.size(); ++h)
      EXPECT_NEAR(ours[h], textbook[h], 0.01 * std::abs(textbook[h])) << name_of(c) << " step " << h + 1;
  }
}

// The fit's gradient, by reverse-mode differentiation through the recursions, against central differences in
// float64, for every trend and season at a point away from the optimum (where every component is far from 0).
TEST(HoltWinters, SseGradientMatchesCentralDifferences) {
  const auto y = fixture()["series"]["airline"].get<std::vector<double>>();
  const std::size_t m = 12;
  for (TrendKind trend : {TrendKind::None, TrendKind::Additive, TrendKind::Damped})
    for (SeasonKind season : {SeasonKind::None, SeasonKind::Additive, SeasonKind::Multiplicative}) {
      const HoltWintersSpec spec{trend, season, m};
      HoltWintersParams p{0.4, trend == TrendKind::None ? 0.0 : 0.2, season == SeasonKind::None ? 0.0 : 0.3,
                          trend == TrendKind::Damped ? 0.9 : 1.0, y[0] * 0.95, trend == TrendKind::None ? 0.0 : 1.5,
                          {}};
      for (std::size_t j = 0; j < m && season != SeasonKind::None; ++j)
        p.seasons.push_back(season == SeasonKind::Multiplicative ? 1.0 + 0.1 * std::sin(double(j))
                                                                 : 10.0 * std::sin(double(j)));
      HoltWintersParams gradient;
      const double sse = holt_winters_sse(y, spec, p, &gradient);
      ASSERT_TRUE(std::isfinite(sse));
      const std::string name = describe(spec);
      // Each field in turn, with the derivative the reverse pass reports for it.
      std::vector<std::pair<double*, double>> fields{{&p.alpha, gradient.alpha}, {&p.level, gradient.level}};
      if (trend != TrendKind::None) {
        fields.push_back({&p.beta, gradient.beta});
        fields.push_back({&p.trend, gradient.trend});
      }
      if (trend == TrendKind::Damped) fields.push_back({&p.phi, gradient.phi});
      if (season != SeasonKind::None) {
        fields.push_back({&p.gamma, gradient.gamma});
        ASSERT_EQ(gradient.seasons.size(), m) << name;
        for (std::size_t j = 0; j < m; ++j) fields.push_back({&p.seasons[j], gradient.seasons[j]});
      }
      for (std::size_t i = 0; i < fields.size(); ++i) {
        double& x = *fields[i].first;
        const double saved = x, h = 1e-6 * std::max(1.0, std::abs(saved));
        x = saved + h;
        const double up = holt_winters_sse(y, spec, p);
        x = saved - h;
        const double down = holt_winters_sse(y, spec, p);
        x = saved;
        const double numeric = (up - down) / (2.0 * h);
        EXPECT_NEAR(fields[i].second, numeric, 1e-6 * std::max(1.0, std::abs(numeric)) + 1e-9 * sse)
            << name << ", field " << i;
      }
      if (trend == TrendKind::None) {
        EXPECT_EQ(gradient.beta, 0.0) << name;
      }
      if (trend != TrendKind::Damped) {
        EXPECT_EQ(gradient.phi, 0.0) << name;
      }
    }
}

TEST(HoltWinters, SseIsInfiniteWhereAMultiplicativeSeasonMeetsANonPositiveLevel) {
  const std::vector<double> y{1, 2, 3, 4, 5, 6, 7, 8};
  HoltWintersParams p{0.5, 0.1, 0.1, 1.0, 1.0, -2.0, {1.0, 1.0}};
  EXPECT_EQ(holt_winters_sse(y, {TrendKind::Additive, SeasonKind::Multiplicative, 2}, p),
            std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isfinite(holt_winters_sse(y, {TrendKind::Additive, SeasonKind::Additive, 2}, p)));
}

TEST(HoltWinters, FitIsDeterministic) {
  const auto y = fixture()["series"]["airline"].get<std::vector<double>>();
  const HoltWintersSpec spec{TrendKind::Damped, SeasonKind::Multiplicative, 12};
  const HoltWinters first = HoltWinters::fit(y, spec), second = HoltWinters::fit(y, spec);
  EXPECT_EQ(first.sse(), second.sse());
  EXPECT_EQ(first.forecast(24).mean, second.forecast(24).mean);
}

// Protocol A: train on rows 0..372, forecast 24 months, compare with rows 373..396. The reference figures
// measured on this split are 3.92 (seasonal naive) and 2.91 (additive trend, multiplicative season).
TEST(HoltWinters, ProtocolAMapeMatchesTheAnchors) {
  const auto values = electric();
  ASSERT_EQ(values.size(), 397u);
  const auto training = std::span(values).first(373);
  const auto actual = std::span(values).subspan(373);
  EXPECT_NEAR(mape(actual, seasonal_naive(training, 12, 24).mean), 3.92, 0.005);
  const HoltWinters model = HoltWinters::fit(training, {TrendKind::Additive, SeasonKind::Multiplicative, 12});
  EXPECT_NEAR(mape(actual, model.forecast(24).mean), 2.91, 0.005);
}

// The fit works in units of the series' mean magnitude, so the same series in units 1e20 times smaller or larger
// gets the same variant and the same forecast, scaled (the states' box stayed tied to 1e-12 before: values near 1e-18
// gave an empty box for a multiplicative season's level, and its fit never left the starting point).
TEST(HoltWinters, TheFitDoesNotDependOnTheUnits) {
  const auto y = fixture()["series"]["electric_train"].get<std::vector<double>>();
  const HoltWinters reference = fit_best_holt_winters(y, {12});
  for (const double unit : {1e-20, 1e20}) {
    std::vector<double> scaled = y;
    for (double& v : scaled) v *= unit;
    const HoltWinters model = fit_best_holt_winters(scaled, {12});
    EXPECT_EQ(model.describe(), reference.describe()) << unit;
    const auto expected = reference.forecast(12).mean, got = model.forecast(12).mean;
    for (std::size_t h = 0; h < 12; ++h) EXPECT_NEAR(got[h] / unit, expected[h], 1e-6 * expected[h]) << unit;
  }
}

TEST(HoltWinters, FitBestPicksTheLowestAiccVariant) {
  const auto y = fixture()["series"]["electric_train"].get<std::vector<double>>();
  const HoltWinters best = fit_best_holt_winters(y, {12});
  for (TrendKind trend : {TrendKind::None, TrendKind::Additive, TrendKind::Damped})
    for (SeasonKind season : {SeasonKind::Additive, SeasonKind::Multiplicative})
      EXPECT_LE(best.aicc(), HoltWinters::fit(y, {trend, season, 12}).aicc());
  EXPECT_EQ(best.describe(), "Holt-Winters (no trend, multiplicative season, m = 12)");
  EXPECT_EQ(best.parameter_count(), 2u + 1u + 11u);
}

// With two season lengths, every variant of each is fitted and AICc picks among them all: a week of hours where the
// weekends differ. A season that does not fit in the rows gives the variants without a season instead, once.
TEST(HoltWinters, FitBestComparesSeveralSeasonLengths) {
  std::vector<double> y;
  for (int t = 0; t < 24 * 7 * 4; ++t)
    y.push_back(100.0 + 10.0 * std::sin(2.0 * std::numbers::pi * t / 24.0) - ((t / 24) % 7 >= 5 ? 20.0 : 0.0) +
                std::sin(0.7 * t * t));
  const HoltWinters best = fit_best_holt_winters(y, {24, 168});
  EXPECT_EQ(best.spec().period, 168u);
  EXPECT_LT(best.aicc(), fit_best_holt_winters(y, {24}).aicc());
  EXPECT_EQ(holt_winters_variants(y, {24, 168}).size(), 12u);
  const auto days = holt_winters_variants(std::span(y).first(2 * 168 - 1), {24, 168});
  ASSERT_EQ(days.size(), 9u);
  for (std::size_t i = 0; i < days.size(); ++i)
    EXPECT_EQ(days[i].period, i < 6 ? 24u : 1u) << i;  // the week does not fit: the variants without a season
  const auto unseasonal = holt_winters_variants(std::span(y).first(47), {24, 168});
  ASSERT_EQ(unseasonal.size(), 3u);
  for (const auto& spec : unseasonal) EXPECT_EQ(spec.season, SeasonKind::None);
}

// Simple exponential smoothing has the closed-form h-step variance sigma^2 (1 + (h - 1) alpha^2)
// (FPP3 table 8.8), which the simulated intervals must reproduce up to Monte-Carlo error.
TEST(HoltWinters, SimulatedIntervalsMatchClosedFormForSimpleSmoothing) {
  std::vector<double> y;
  for (int t = 0; t < 60; ++t) y.push_back(10.0 + std::sin(t * 1.3) + 0.5 * std::cos(t * 0.7));
  const HoltWinters model(y, {TrendKind::None, SeasonKind::None, 1}, {.alpha = 0.4, .level = 10.0, .seasons = {}});
  const std::vector<double> levels{80.0, 95.0};
  const Forecast forecast = model.forecast(6, levels, 7, 40000);
  const double sigma = std::sqrt(model.sse() / double(y.size() - model.parameter_count()));
  for (std::size_t h = 1; h <= 6; ++h) {
    const double sd = sigma * std::sqrt(1.0 + double(h - 1) * 0.4 * 0.4);
    const double half_width = (forecast.intervals[1].upper[h - 1] - forecast.intervals[1].lower[h - 1]) / 2.0;
    EXPECT_NEAR(half_width, normal_quantile(0.975) * sd, 0.03 * half_width) << "step " << h;
    EXPECT_LT(forecast.intervals[1].lower[h - 1], forecast.intervals[0].lower[h - 1]);
    EXPECT_LT(forecast.intervals[0].lower[h - 1], forecast.mean[h - 1]);
    EXPECT_LT(forecast.mean[h - 1], forecast.intervals[0].upper[h - 1]);
  }
  EXPECT_EQ(model.forecast(6, levels, 7, 1000).intervals[0].upper, model.forecast(6, levels, 7, 1000).intervals[0].upper);
  EXPECT_FALSE(model.relative_errors());
}

// A straight decline with a trend of -1 reaches 0 at the last forecast's start: Holt-Winters' line goes on below
// 0 only where the training values did.
TEST(HoltWinters, NeverForecastsBelowZeroWhereNoTrainingValueWas) {
  std::vector<double> declining, crossing;
  for (int t = 0; t < 10; ++t) declining.push_back(10.0 - t), crossing.push_back(8.0 - t);
  const HoltWintersSpec spec{TrendKind::Additive, SeasonKind::None, 1};
  const std::vector<double> levels{95.0};
  const Forecast above =
      HoltWinters(declining, spec, {.alpha = 0.5, .beta = 0.1, .level = 11.0, .trend = -1.0, .seasons = {}})
          .forecast(3, levels, 1);
  EXPECT_EQ(above.mean, (std::vector<double>{0.0, 0.0, 0.0}));  // 0, -1, -2 on the line
  EXPECT_EQ(above.intervals[0].lower, (std::vector<double>{0.0, 0.0, 0.0}));
  const Forecast below =
      HoltWinters(crossing, spec, {.alpha = 0.5, .beta = 0.1, .level = 9.0, .trend = -1.0, .seasons = {}}).forecast(3);
  EXPECT_EQ(below.mean, (std::vector<double>{-2.0, -3.0, -4.0}));
}

// A seasonal series whose level grows tenfold. Where its noise is a fixed share of the level, the intervals draw
// relative errors and their width follows the final level; where the noise is of a fixed size, additive ones.
TEST(HoltWinters, IntervalErrorsAreRelativeWhereTheNoiseGrowsWithTheLevel) {
  for (bool relative : {true, false}) {
    Rng rng(3);
    std::vector<double> y;
    for (int t = 0; t < 144; ++t) {
      const double mean = 10.0 * std::pow(10.0, t / 143.0) * (1.0 + 0.2 * std::sin(2.0 * M_PI * t / 12.0));
      y.push_back(relative ? mean * (1.0 + 0.05 * rng.normal()) : mean + 1.0 * rng.normal());
    }
    const HoltWinters model = HoltWinters::fit(y, {TrendKind::Additive, SeasonKind::Multiplicative, 12});
    EXPECT_EQ(model.relative_errors(), relative);
    const std::vector<double> levels{80.0};
    const Forecast forecast = model.forecast(1, levels, 7, 20000);
    const double half_width = (forecast.intervals[0].upper[0] - forecast.intervals[0].lower[0]) / 2.0;
    // The in-sample one-step errors' deviation in each form, with n - parameter_count() degrees of freedom.
    double squares = 0.0, relative_squares = 0.0;
    for (std::size_t t = 0; t < y.size(); ++t) {
      squares += std::pow(y[t] - model.fitted()[t], 2);
      relative_squares += std::pow((y[t] - model.fitted()[t]) / model.fitted()[t], 2);
    }
    const double dof = double(y.size() - model.parameter_count());
    const double additive_sd = std::sqrt(squares / dof);
    const double sd = relative ? forecast.mean[0] * std::sqrt(relative_squares / dof) : additive_sd;
    EXPECT_NEAR(half_width, normal_quantile(0.9) * sd, 0.03 * half_width) << (relative ? "relative" : "additive");
    // At the final level, 1.4 times the history's mean, relative errors widen the interval by more than that.
    if (relative) {
      EXPECT_GT(half_width, 1.5 * normal_quantile(0.9) * additive_sd);
    }
  }
}

TEST(HoltWinters, RejectsShortOrNonPositiveTrainingAndZeroHorizon) {
  const std::vector<double> short_series(23, 1.0);
  EXPECT_EQ(message_of([&] { HoltWinters::fit(short_series, {TrendKind::Additive, SeasonKind::Additive, 12}); }),
            "holt_winters: expected at least 24 training values (2 seasons of 12), got 23");
  std::vector<double> with_zero(24, 1.0);
  with_zero[5] = 0.0;
  EXPECT_EQ(message_of([&] { HoltWinters::fit(with_zero, {TrendKind::None, SeasonKind::Multiplicative, 12}); }),
            "holt_winters: a multiplicative season needs positive values, got 0 at index 5");
  const HoltWinters model(with_zero, {TrendKind::None, SeasonKind::Additive, 12},
                          {.alpha = 0.5, .seasons = std::vector<double>(12, 0.0)});
  EXPECT_EQ(message_of([&] { model.forecast(0); }), "holt_winters: expected a horizon of at least 1, got 0");
}

}  // namespace
}  // namespace elman::ts
