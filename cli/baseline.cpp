// elman baseline CSV --method naive|snaive|drift|hw --horizon H -o OUT.csv: a classical forecast of the series with
// prediction intervals (docs/baselines.md), written as `date,forecast,lower_L,upper_L...` with dates continuing
// the series, and optionally drawn as a chart (history, forecast, shaded intervals).
#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "commands.hpp"
#include "elman/core/atomic_file.hpp"
#include "elman/core/error.hpp"
#include "elman/plot/chart.hpp"
#include "elman/ts/baselines.hpp"

namespace elman::cli {
namespace {

// Far beyond any useful forecast; keeps Holt-Winters' simulated paths (5000 x H values) within memory.
constexpr std::int64_t kLargestHorizon = 10000;
// The chart shows this many seasons of history before the forecast (or twice the horizon, if longer).
constexpr std::size_t kSeasonsShown = 5;

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
  for (std::size_t i = 0; i < options.levels.size(); ++i) {
    const double level = options.levels[i];
    if (!(level > 0.0 && level < 100.0))
      fail("--level: expected a percentage strictly between 0 and 100, got {}", level);
    if (std::find(options.levels.begin(), options.levels.begin() + std::ptrdiff_t(i), level) !=
        options.levels.begin() + std::ptrdiff_t(i))
      fail("--level {} is given twice: expected distinct levels", level);
  }
}

// The usual season length of each frequency (FPP3 table 7.1 lists the same for the common ones).
std::size_t default_season(ts::Frequency frequency) {
  switch (frequency) {
    case ts::Frequency::Hourly:
      return 24;
    case ts::Frequency::Daily:
      return 7;
    case ts::Frequency::Weekly:
      return 52;
    case ts::Frequency::Monthly:
      return 12;
    case ts::Frequency::Quarterly:
      return 4;
    case ts::Frequency::Yearly:
    case ts::Frequency::Irregular:  // rejected before: the forecast dates could not continue it either
      break;
  }
  return 1;
}

// The rows each method needs: one difference for its error variance, plus what the point forecast uses
// (baselines.hpp); Holt-Winters estimates its initial seasonal states from two full seasons.
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
  } else if (season >= 2) {
    needed = 2 * season;
    why = fmt::format(" (two seasons of {})", season);
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
};

// Which Holt-Winters variant AICc chose and its smoothing parameters, for the user to judge the fit.
void report_holt_winters(const ts::HoltWinters& model) {
  const auto& spec = model.spec();
  const auto& p = model.params();
  std::string parameters = fmt::format("alpha = {:.4g}", p.alpha);
  if (spec.trend != ts::TrendKind::None) parameters += fmt::format(", beta = {:.4g}", p.beta);
  if (spec.season != ts::SeasonKind::None) parameters += fmt::format(", gamma = {:.4g}", p.gamma);
  if (spec.trend == ts::TrendKind::Damped) parameters += fmt::format(", phi = {:.4g}", p.phi);
  fmt::print(stderr, "elman: hw: chose {} by AICc ({:.2f}): {}\n", model.describe(), model.aicc(), parameters);
}

MethodForecast forecast_with(const BaselineOptions& options, std::span<const double> history, std::size_t season) {
  const auto horizon = std::size_t(options.horizon);
  const std::span<const double> levels = options.levels;
  if (options.method == "naive") return {ts::naive(history, horizon, levels), "naive"};
  if (options.method == "drift") return {ts::drift(history, horizon, levels), "drift"};
  if (options.method == "snaive")
    return {ts::seasonal_naive(history, season, horizon, levels), fmt::format("seasonal naive (m = {})", season)};
  const ts::HoltWinters model = ts::fit_best_holt_winters(history, season);
  report_holt_winters(model);
  return {model.forecast(horizon, levels, options.seed), model.describe()};
}

std::vector<ts::TimePoint> forecast_dates(const ts::TimeSeries& series, std::size_t horizon) {
  std::vector<ts::TimePoint> dates;
  for (std::size_t h = 1; h <= horizon; ++h) dates.push_back(series.next_date(int(h)));
  return dates;
}

// fmt's "{}" writes a double in its shortest round-trip form: reading the file back gives the same bits.
void write_csv(std::ostream& out, const ts::Forecast& forecast, const std::vector<ts::TimePoint>& dates,
               const ts::DateFormat& format) {
  out << "date,forecast";
  for (const auto& interval : forecast.intervals)
    out << fmt::format(",lower_{},upper_{}", interval.level, interval.level);
  out << '\n';
  for (std::size_t h = 0; h < dates.size(); ++h) {
    out << format.format(dates[h]) << fmt::format(",{}", forecast.mean[h]);
    for (const auto& interval : forecast.intervals) out << fmt::format(",{},{}", interval.lower[h], interval.upper[h]);
    out << '\n';
  }
}

// Prepends the last observation so that the forecast line and its bands start where the history ends.
template <typename T>
std::vector<T> joined(T last, const std::vector<T>& values) {
  std::vector<T> out{last};
  out.insert(out.end(), values.begin(), values.end());
  return out;
}

plot::Chart make_chart(const ts::TimeSeries& series, const MethodForecast& result,
                       const std::vector<ts::TimePoint>& dates, std::size_t season) {
  plot::Chart chart;
  chart.title = fmt::format("{}: {} forecast", series.value_name(), result.description);
  chart.x_label = series.date_column();
  chart.y_label = series.value_name();
  const auto values = series.values();
  const std::size_t shown = std::min(series.size(), std::max(kSeasonsShown * season, 2 * dates.size()));
  const auto first = std::ptrdiff_t(series.size() - shown);
  const plot::Color forecast_color = plot::palette_color(1);
  plot::LineSeries history{{series.dates().begin() + first, series.dates().end()},
                           {values.begin() + first, values.end()},
                           "history",
                           plot::palette_color(0)};
  const ts::TimePoint last_date = series.dates().back();
  const double last_value = values.back();
  // Widest interval first, palest, so that the narrower ones are drawn darker on top of it.
  std::vector<const ts::PredictionInterval*> intervals;
  for (const auto& interval : result.forecast.intervals) intervals.push_back(&interval);
  std::sort(intervals.begin(), intervals.end(), [](auto* a, auto* b) { return a->level > b->level; });
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    const double opacity = std::min(0.2 + 0.17 * double(i), 0.7);
    chart.bands.push_back({joined(last_date, dates), joined(last_value, intervals[i]->lower),
                           joined(last_value, intervals[i]->upper), fmt::format("{}% interval", intervals[i]->level),
                           forecast_color.with_alpha(opacity)});
  }
  chart.lines.push_back(std::move(history));
  chart.lines.push_back(
      {joined(last_date, dates), joined(last_value, result.forecast.mean), "forecast", forecast_color});
  chart.markers.push_back({last_date, "forecast start"});
  return chart;
}

void run_baseline(const BaselineOptions& options) {
  validate(options);
  const ts::TimeSeries series = ts::read_csv_series(options.csv, options.series);
  for (const auto& note : series.notes) fmt::print(stderr, "elman: note: {}\n", note);
  if (series.frequency() == ts::Frequency::Irregular)
    fail(
        "{}: the dates are irregular, so neither the season nor the forecast dates can be inferred; expected an "
        "hourly, daily, weekly, monthly, quarterly or yearly series",
        options.csv);
  const std::size_t season = options.season ? std::size_t(*options.season) : default_season(series.frequency());
  check_length(options, series.size(), season);
  const MethodForecast result = forecast_with(options, series.values(), season);
  const auto dates = forecast_dates(series, result.forecast.mean.size());
  const auto& format = series.date_format();
  // The CSV is committed only after the chart is drawn, so that a failed chart leaves neither file.
  AtomicFile csv(options.output);
  {
    std::ofstream out(csv.temp_path(), std::ios::binary);
    write_csv(out, result.forecast, dates, format);
    if (!out.flush()) fail("{}: cannot write the forecast", options.output);
  }
  if (!options.plot.empty()) plot::render(make_chart(series, result, dates, season), options.plot);
  csv.commit();
  fmt::print("wrote {}{} ({} steps of {} by {}, {} to {})\n", options.output,
             options.plot.empty() ? "" : " and " + options.plot, dates.size(), series.value_name(), result.description,
             format.format(dates.front()), format.format(dates.back()));
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
      ->add_option("--season", options->season,
                   "Season length M (auto: from the frequency: 24 hourly, 7 daily, 52 weekly, 12 monthly, "
                   "4 quarterly, 1 yearly)")
      ->type_name("M")
      ->default_str("auto");
  command
      ->add_option("--level", options->levels,
                   "Prediction interval level in percent; repeat it for several (default 80 and 95)")
      ->allow_extra_args(false)
      ->type_name("PERCENT")
      ->default_str("80 95");
  command->add_option("--plot", options->plot, "Also draw history and forecast to this chart (.svg, .png, .pdf)")
      ->type_name("CHART");
  command->add_option("--seed", options->seed, "Seed of Holt-Winters' simulated intervals");
  add_series_options(*command, options->series);
  command->callback([options] { run_baseline(*options); });
}

}  // namespace elman::cli
