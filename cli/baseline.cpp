// elman baseline CSV --method naive|snaive|drift|hw --horizon H -o OUT.csv: a classical forecast of the series with
// prediction intervals (docs/baselines.md), written as `date,forecast,lower_L,upper_L...` with dates continuing
// the series, and optionally drawn as a chart (history, forecast, shaded intervals).
#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "commands.hpp"
#include "elman/core/error.hpp"
#include "elman/ts/baselines.hpp"
#include "elman/ts/forecaster.hpp"
#include "forecast_output.hpp"

namespace elman::cli {
namespace {

// Far beyond any useful forecast; keeps Holt-Winters' simulated paths (5000 x H values) within memory.
constexpr std::int64_t kLargestHorizon = 10000;

struct BaselineOptions {
  std::string csv;
  std::string output;
  std::string method;
  std::int64_t horizon = 0;
  std::optional<std::int64_t> season;
  std::vector<double> levels{80.0, 95.0};
  std::string plot;
  std::uint64_t seed = 0;
  ts::CsvSeriesOptions series;
};

void validate(const BaselineOptions& options) {
  const std::vector<std::string> methods{"naive", "snaive", "drift", "hw"};
  if (std::find(methods.begin(), methods.end(), options.method) == methods.end())
    fail("--method: expected naive, snaive, drift or hw, got '{}'", options.method);
  if (options.horizon < 1 || options.horizon > kLargestHorizon)
    fail("--horizon: expected a number of steps from 1 to {}, got {}", kLargestHorizon, options.horizon);
  if (options.season && *options.season < 1)
    fail("--season: expected a season length of at least 1, got {}", *options.season);
  validate_levels(options.levels);
}

// The rows each method needs: one difference for its error variance, plus what the point forecast uses
// (baselines.hpp); Holt-Winters needs 4, and two full seasons for its seasonal variants.
void check_length(const BaselineOptions& options, std::size_t rows, std::size_t season) {
  std::size_t needed = 0;
  std::string why;
  if (options.method == "naive") {
    needed = 2;
  } else if (options.method == "drift") {
    needed = 3;
  } else if (options.method == "snaive") {
    needed = season + 1;
    why = fmt::format(" (one season of {} plus one)", season);
  } else {
    needed = 4;
    why = " (without a season)";
  }
  if (rows < needed)
    fail("{} has {} rows: --method {} needs at least {}{}", options.csv, rows, options.method, needed, why);
}

struct MethodForecast {
  ts::Forecast forecast;
  std::string description;
  std::size_t season;  // the history the chart shows is counted in it
};

// Which Holt-Winters variant AICc chose and its smoothing parameters, for the user to judge the fit.
void report_holt_winters(const ts::HoltWinters& model) {
  const auto& spec = model.spec();
  const auto& p = model.params();
  std::string parameters = fmt::format("alpha = {:.4g}", p.alpha);
  if (spec.trend != ts::TrendKind::None) parameters += fmt::format(", beta = {:.4g}", p.beta);
  if (spec.season != ts::SeasonKind::None) parameters += fmt::format(", gamma = {:.4g}", p.gamma);
  if (spec.trend == ts::TrendKind::Damped) parameters += fmt::format(", phi = {:.4g}", p.phi);
  fmt::print(stderr, "elman: hw: chose {} by AICc ({:.2f}): {}; intervals with {} errors\n", model.describe(),
             model.aicc(), parameters, model.relative_errors() ? "relative" : "additive");
}

MethodForecast forecast_with(const BaselineOptions& options, const ts::TimeSeries& series, std::size_t season) {
  const std::span<const double> history = series.values();
  const auto horizon = std::size_t(options.horizon);
  const std::span<const double> levels = options.levels;
  if (options.method == "naive") return {ts::naive(history, horizon, levels), "naive", season};
  if (options.method == "drift") return {ts::drift(history, horizon, levels), "drift", season};
  if (options.method == "snaive")
    return {ts::seasonal_naive(history, season, horizon, levels), fmt::format("seasonal naive (m = {})", season),
            season};
  // On fewer rows than two seasons, only the variants without a season (holt_winters_variants): say so.
  if (season >= 2 && history.size() < ts::holt_winters_rows(season))
    fmt::print(stderr, "elman: hw: {} rows are fewer than two seasons of {}: the variants without a season\n",
               history.size(), season);
  const ts::HoltWinters model = ts::fit_best_holt_winters(
      history, ts::holt_winters_seasons(std::size_t(options.season.value_or(0)), series.frequency(), history.size()));
  report_holt_winters(model);
  return {model.forecast(horizon, levels, options.seed), model.describe(), std::max(season, model.spec().period)};
}

void run_baseline(const BaselineOptions& options) {
  validate(options);
  const ts::TimeSeries series = ts::read_csv_series(options.csv, options.series);
  print_notes(series);
  series.require_regular("neither the season nor the forecast dates can be inferred");
  series.require_forecastable_values();
  const std::size_t season = options.season ? std::size_t(*options.season) : ts::season_length(series.frequency());
  check_length(options, series.size(), season);
  const MethodForecast result = forecast_with(options, series, season);
  write_forecast(options.output, options.plot, series, result.forecast, result.description, result.season);
}

}  // namespace

void add_baseline_command(CLI::App& app) {
  auto options = std::make_shared<BaselineOptions>();
  CLI::App* command =
      app.add_subcommand("baseline",
                         "Forecast the series with a classical method (naive, seasonal naive, drift, Holt-Winters) and "
                         "write the forecast with prediction intervals as CSV");
  command->add_option("csv", options->csv, "CSV file: a header row, a date column and a numeric column")->required();
  command->add_option("-o,--output", options->output, "Forecast CSV to write: date,forecast,lower_L,upper_L...")
      ->required();
  command
      ->add_option("--method", options->method,
                   "naive: the last value; snaive: the last season repeated; drift: the line through the first and "
                   "last values; hw: the Holt-Winters variant with the lowest AICc")
      ->required()
      ->type_name("METHOD");
  command->add_option("--horizon", options->horizon, "Number of steps to forecast")
      ->required()
      ->type_name("H")
      ->default_str("");
  command
      ->add_option(
          "--season", options->season,
          "Season length M (auto: from the frequency: 24 hourly, 7 daily, 5 business-daily, 52 weekly, 12 monthly, "
          "4 quarterly, 1 yearly; on hourly data hw also tries 168, a week, where the rows hold two weeks)")
      ->type_name("M")
      ->default_str("auto");
  add_forecast_output_options(*command, options->levels, options->plot);
  command->add_option("--seed", options->seed, "Seed of Holt-Winters' simulated intervals");
  add_series_options(*command, options->series);
  command->callback([options] { run_baseline(*options); });
}

}  // namespace elman::cli
