// elman backtest CSV: rolling-origin evaluation of elman's forecaster against the baselines on the same origins
// (include/elman/ts/backtest.hpp), as a table, JSON, and a chart of the forecasts against the actuals.
#include "elman/ts/backtest.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "elman/core/atomic_file.hpp"
#include "elman/core/error.hpp"
#include "elman/plot/chart.hpp"
#include "elman/train/progress.hpp"
#include "forecast_output.hpp"
#include "forecaster_options.hpp"

namespace elman::cli {
namespace {

struct BacktestCommandOptions {
  std::string csv;
  std::string refit;  // once or every; its default comes from BacktestOptions::refit_every
  bool json = false;
  std::string plot;
  std::string output;  // every forecast, beside its actual value
  ForecasterTextOptions forecaster_text;
  ts::BacktestOptions backtest;
  ts::CsvSeriesOptions series;
  std::vector<std::string> by;
};

void print_table(const ts::BacktestResult& r, const ts::TimeSeries& series, const ts::BacktestOptions& o) {
  const auto& format = series.date_format();
  if (r.origins.size() == 1)
    fmt::print("1 origin, {}, {} steps ({} forecasts per method)\n", format.format(series.dates()[r.origins.front()]),
               r.horizon, r.horizon);
  else
    fmt::print("{} origins from {} to {}, {} steps each ({} forecasts per method)\n", r.origins.size(),
               format.format(series.dates()[r.origins.front()]), format.format(series.dates()[r.origins.back()]),
               r.horizon, r.origins.size() * r.horizon);
  std::string header =
      fmt::format("{:<26} {:>9} {:>9} {:>7} {:>7} {:>6}", "method", "MAE", "RMSE", "MAPE%", "sMAPE%", "MASE");
  for (double level : o.levels) header += fmt::format(" {:>7}", fmt::format("cov{}%", level));
  fmt::print("{}\n", header);
  for (const auto& m : r.methods) {
    std::string line = fmt::format("{:<26} {:>9.4f} {:>9.4f} {:>7} {:>7.3f} {:>6.3f}", m.name, m.mae, m.rmse,
                                   std::isnan(m.mape) ? "-" : fmt::format("{:.3f}", m.mape), m.smape, m.mase);
    for (double level : o.levels) {
      const auto it = m.coverage.find(level);
      line += it == m.coverage.end() ? fmt::format(" {:>7}", "-") : fmt::format(" {:>7.1f}", 100.0 * it->second);
    }
    fmt::print("{}\n", line);
  }
  // What each method is and what its fits chose: on one line when they all chose the same, else one line each.
  for (const auto& m : r.methods) {
    const std::string method = m.description.empty() || m.choices.empty() ? m.name : m.name + ", " + m.description;
    if (m.choices.size() == 1) {
      fmt::print("  {}: {}\n", method, m.choices.front().description);
    } else if (!m.choices.empty()) {
      std::size_t fits = 0;
      for (const auto& c : m.choices) fits += c.fits;
      fmt::print("  {}, {} fits:\n", method, fits);
      for (const auto& c : m.choices) fmt::print("    {:>4}  {}\n", c.fits, c.description);
    } else if (!m.description.empty()) {
      fmt::print("  {}: {}\n", m.name, m.description);
    }
  }
  if (r.training_seconds.size() == 1) {
    fmt::print("training: 1 model, {:.2f} s\n", r.training_seconds.front());
  } else if (!r.training_seconds.empty()) {
    std::vector<double> v = r.training_seconds;
    std::sort(v.begin(), v.end());
    fmt::print("training: {} models, median {:.2f} s\n", v.size(), v[v.size() / 2]);
  }
}

nlohmann::ordered_json to_json(const ts::BacktestResult& r, const ts::TimeSeries& series) {
  nlohmann::ordered_json out;
  out["origins"] = nlohmann::json::array();
  for (std::size_t origin : r.origins) out["origins"].push_back(series.date_format().format(series.dates()[origin]));
  out["horizon"] = r.horizon;
  out["methods"] = nlohmann::json::array();
  for (const auto& m : r.methods) {
    nlohmann::ordered_json coverage = nlohmann::json::object();
    for (const auto& [level, c] : m.coverage) coverage[fmt::format("{}", level)] = c;
    nlohmann::ordered_json choices = nlohmann::json::array();
    for (const auto& c : m.choices) choices.push_back({{"description", c.description}, {"fits", c.fits}});
    out["methods"].push_back({{"name", m.name},
                              {"description", m.description},
                              {"choices", choices},
                              {"mae", m.mae},
                              {"rmse", m.rmse},
                              {"mape", m.mape},
                              {"smape", m.smape},
                              {"mase", m.mase},
                              {"coverage", coverage}});
  }
  out["training_seconds"] = r.training_seconds;
  return out;
}

// The actuals over the backtest, with the first seed's forecasts from origins at least one horizon apart (so they do
// not overlap) and their narrowest interval, and seasonal naive's from the same origins, dashed.
plot::Chart backtest_chart(const ts::BacktestResult& r, const ts::TimeSeries& series) {
  plot::Chart chart;
  chart.title = fmt::format("{}: backtest, {} origins, {} steps ahead", series.title(), r.origins.size(), r.horizon);
  chart.x_label = series.date_column();
  chart.y_label = series.value_name();
  chart.utc_offset = series.date_format().offset();
  const auto& dates = series.dates();
  const auto values = series.values();
  const std::size_t first = r.origins.front() >= 3 * r.horizon ? r.origins.front() - 3 * r.horizon : 0;
  chart.lines.push_back({{dates.begin() + std::ptrdiff_t(first), dates.end()},
                         {values.begin() + std::ptrdiff_t(first), values.end()},
                         "actual",
                         plot::palette_color(0)});
  const auto find = [&](std::string_view prefix) {
    return std::find_if(r.methods.begin(), r.methods.end(),
                        [&](const auto& m) { return m.name.starts_with(prefix) && !m.forecasts.empty(); });
  };
  const auto elman = find("elman (seed"), snaive = find("snaive");
  for (std::size_t i : ts::non_overlapping(r.origins, r.horizon)) {
    const std::vector<ts::TimePoint> x(dates.begin() + std::ptrdiff_t(r.origins[i]),
                                       dates.begin() + std::ptrdiff_t(r.origins[i] + r.horizon));
    const bool first_origin = i == 0;
    const ts::Forecast& f = elman->forecasts[i];
    if (!f.intervals.empty())
      chart.bands.push_back({x, f.intervals.front().lower, f.intervals.front().upper,
                             first_origin ? fmt::format("elman {}% interval", f.intervals.front().level) : "",
                             plot::palette_color(1).with_alpha(0.25)});
    chart.lines.push_back({x, f.mean, first_origin ? "elman" : "", plot::palette_color(1)});
    chart.lines.push_back({x, snaive->forecasts[i].mean, first_origin ? "seasonal naive" : "", plot::palette_color(2),
                           1.2, plot::Dash::Dashed});
    chart.markers.push_back({dates[r.origins[i]], first_origin ? "origin" : ""});
  }
  return chart;
}

// --output: the header, the key columns (--by) first, then method,origin,date,step,actual,forecast,lower_L,upper_L.
void write_forecasts_header(std::ostream& out, const std::vector<std::string>& key_columns,
                            const std::vector<double>& levels) {
  for (const auto& column : key_columns) out << csv_field(column) << ',';
  out << "method,origin,date,step,actual,forecast";
  for (const double level : levels) out << fmt::format(",lower_{},upper_{}", level, level);
  out << '\n';
}

// --output: a row for each step forecast from each origin by each method that forecasts (all but the mean of the
// seeds), after the series' key texts. Numbers in their shortest round-trip form, as the forecast CSV has them.
void write_forecasts_rows(std::ostream& out, const std::vector<std::string>& keys, const ts::BacktestResult& r,
                          const ts::TimeSeries& series) {
  std::string prefix;
  for (const auto& key : keys) prefix += csv_field(key) + ',';
  const auto& format = series.date_format();
  const auto values = series.values();
  for (const auto& m : r.methods) {
    for (std::size_t i = 0; i < m.forecasts.size(); ++i) {
      const ts::Forecast& f = m.forecasts[i];
      const std::size_t origin = r.origins[i];
      const std::string start = prefix + csv_field(m.name) + ',' + format.format(series.dates()[origin]) + ',';
      for (std::size_t h = 0; h < f.mean.size(); ++h) {
        out << start << format.format(series.dates()[origin + h])
            << fmt::format(",{},{},{}", h + 1, values[origin + h], f.mean[h]);
        for (const auto& interval : f.intervals) out << fmt::format(",{},{}", interval.lower[h], interval.upper[h]);
        out << '\n';
      }
    }
  }
}

// On a terminal, one line redrawn as the forecasters are trained ("trained 12/75 forecasters 00:14 < 00:30"), and
// erased at the end; nothing in a log.
ts::TrainedCallback progress_line() {
  if (::isatty(::fileno(stderr)) == 0) return {};
  const auto start = std::chrono::steady_clock::now();
  return [start](std::size_t trained, std::size_t total) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double remaining = elapsed / double(trained) * double(total - trained);
    if (trained < total)
      fmt::print(stderr, "\rtrained {}/{} forecasters {} < {}", trained, total, train::format_duration(elapsed),
                 train::format_duration(remaining));
    else
      fmt::print(stderr, "\r\033[K");
    std::fflush(stderr);
  };
}

// The series the options read, with its notes, and its backtest, with a note where the rows allow fewer origins
// than the default.
std::pair<ts::TimeSeries, ts::BacktestResult> run_one(const BacktestCommandOptions& options, ts::TimeSeries series,
                                                      std::set<std::string>* said = nullptr) {
  const ts::BacktestOptions& o = options.backtest;
  print_notes(series, said);
  ts::BacktestResult result = ts::backtest(series, o, progress_line());
  if (o.origins == 0 && result.origins.size() < ts::default_origins)
    fmt::print(stderr,
               "elman: note: {} origin{}: as many as {} rows allow, each fit needing {} rows before its origin "
               "(--origins sets them)\n",
               result.origins.size(), result.origins.size() == 1 ? "" : "s", series.size(), result.fewest_rows);
  return {std::move(series), std::move(result)};
}

// Each method's mean MASE and sMAPE over the series (both scale-free, so that every series weighs alike) and its
// mean coverage at each level; the scale-dependent scores stay 0.
std::vector<ts::MethodScores> means(const std::vector<ts::BacktestResult>& results) {
  std::vector<ts::MethodScores> out;
  for (std::size_t m = 0; m < results.front().methods.size(); ++m) {
    ts::MethodScores& mean = out.emplace_back(ts::MethodScores{.name = results.front().methods[m].name});
    for (const auto& r : results) {
      mean.mase += r.methods[m].mase / double(results.size());
      mean.smape += r.methods[m].smape / double(results.size());
      for (const auto& [level, c] : r.methods[m].coverage) mean.coverage[level] += c / double(results.size());
    }
  }
  return out;
}

// --output: written whole at the end; a path that cannot be written fails before the backtest, not after it.
void probe_output(const std::string& path) {
  if (!path.empty()) {
    const AtomicFile probe(path);
  }
}

void write_forecasts(const std::string& path, const std::string& text) {
  write_file_atomically(path, text);
  fmt::print("wrote {}\n", path);
}

// --by: every series' backtest and table, then each method's means over the series.
void run_backtest_each(const BacktestCommandOptions& options) {
  if (!options.plot.empty()) fail("--plot draws one series: give --where for one instead of --by");
  const ts::BacktestOptions& o = options.backtest;
  probe_output(options.output);
  std::ostringstream forecasts;
  write_forecasts_header(forecasts, options.by, o.levels);
  const ts::LongFormFile file(options.csv, options.series, options.by);
  std::vector<ts::BacktestResult> results;
  std::set<std::string> said;
  nlohmann::ordered_json json = {{"series", nlohmann::json::array()}, {"mean", nlohmann::json::array()}};
  for (std::size_t i = 0; i < file.size(); ++i) {
    const std::string name = series_name(file.conditions(i), options.series.where.size());
    fmt::print("{}series {} of {}: {}\n", i == 0 ? "" : "\n", i + 1, file.size(), name);
    try {
      auto [series, result] = run_one(options, file.read(i), &said);
      print_table(result, series, o);
      if (options.json) json["series"].push_back({{"series", name}, {"backtest", to_json(result, series)}});
      if (!options.output.empty()) {
        std::vector<std::string> keys;
        const auto& conditions = file.conditions(i);
        for (std::size_t k = options.series.where.size(); k < conditions.size(); ++k)
          keys.push_back(conditions[k].second);
        write_forecasts_rows(forecasts, keys, result, series);
      }
      results.push_back(std::move(result));
    } catch (const Error& e) {
      fail("series {}: {}", name, e.what());
    }
  }
  fmt::print("\nmean over the {} series\n{:<26} {:>6} {:>7}", results.size(), "method", "MASE", "sMAPE%");
  for (const double level : o.levels) fmt::print(" {:>7}", fmt::format("cov{}%", level));
  fmt::print("\n");
  for (const auto& m : means(results)) {
    fmt::print("{:<26} {:>6.3f} {:>7.3f}", m.name, m.mase, m.smape);
    nlohmann::ordered_json coverage = nlohmann::json::object();
    for (const double level : o.levels) {
      const auto it = m.coverage.find(level);
      fmt::print(" {:>7}", it == m.coverage.end() ? "-" : fmt::format("{:.1f}", 100.0 * it->second));
      if (it != m.coverage.end()) coverage[fmt::format("{}", level)] = it->second;
    }
    fmt::print("\n");
    json["mean"].push_back({{"name", m.name}, {"mase", m.mase}, {"smape", m.smape}, {"coverage", coverage}});
  }
  if (!options.output.empty()) write_forecasts(options.output, forecasts.str());
  if (options.json) fmt::print("{}\n", json.dump());
}

void run_backtest(BacktestCommandOptions& options) {
  ts::BacktestOptions& o = options.backtest;
  if (options.refit != "once" && options.refit != "every")
    fail("--refit: expected once or every, got '{}'", options.refit);
  o.refit_every = options.refit == "every";
  validate_levels(o.levels);
  resolve_forecaster_options(options.forecaster_text, o.forecaster);
  if (!options.by.empty()) return run_backtest_each(options);
  probe_output(options.output);
  const auto [series, result] = run_one(options, ts::read_csv_series(options.csv, options.series));
  if (!options.plot.empty()) plot::render(backtest_chart(result, series), options.plot);
  print_table(result, series, o);
  if (!options.output.empty()) {
    std::ostringstream forecasts;
    write_forecasts_header(forecasts, {}, o.levels);
    write_forecasts_rows(forecasts, {}, result, series);
    write_forecasts(options.output, forecasts.str());
  }
  if (options.json) fmt::print("{}\n", to_json(result, series).dump());
}

}  // namespace

void add_backtest_command(CLI::App& app) {
  auto options = std::make_shared<BacktestCommandOptions>();
  ts::BacktestOptions& o = options->backtest;
  CLI::App* command = app.add_subcommand(
      "backtest",
      "Rolling-origin evaluation of elman's forecaster and the baselines (naive, seasonal naive, drift, "
      "Holt-Winters) on the same origins");
  command->add_option("csv", options->csv, "CSV file: a header row, a date column and a numeric column")->required();
  command
      ->add_option("--origins", o.origins,
                   "Number of forecast origins, the last one a horizon before the end (0: 25, or as many as "
                   "the rows allow)")
      ->capture_default_str();
  command
      ->add_option("--horizon", o.horizon,
                   "Steps forecast from each origin (0: a year of monthly data, else 8 quarterly, 6 yearly, 13 "
                   "weekly, 14 daily, 10 business-daily, 48 hourly)")
      ->capture_default_str();
  command->add_option("--step", o.step, "Rows between consecutive origins")->capture_default_str();
  options->refit = o.refit_every ? "every" : "once";
  command
      ->add_option("--refit", options->refit,
                   "every: train the forecaster at every origin, as the baselines; once: only before the first")
      ->capture_default_str();
  command->add_option("--seeds", o.seeds, "Forecasters trained with seeds --seed, --seed + 1, ... (1 to 100)")
      ->capture_default_str();
  command->add_option("--level", o.levels, "Prediction interval level whose coverage is measured; repeat for several")
      ->allow_extra_args(false)
      ->type_name("PERCENT")
      ->default_str("80");
  command->add_flag("--json", options->json, "End with one JSON line holding the table");
  command->add_option("--plot", options->plot, "Draw the forecasts against the actuals (.svg, .png, .pdf)")
      ->type_name("CHART");
  command
      ->add_option("-o,--output", options->output,
                   "Also write every forecast to this CSV, beside its actual value: method,origin,date,step,actual,"
                   "forecast,lower_L,upper_L (with --by, the series' columns first)")
      ->type_name("FORECASTS.csv");
  add_forecaster_options(*command, options->forecaster_text, o.forecaster, false);
  command->get_option("--threads")
      ->description(
          "Threads training the forecasters side by side (0: every core); the table is the same with any "
          "number");
  add_series_options(*command, options->series);
  add_by_option(*command, options->by, "backtest each series, then average each method's scores over them");
  command->callback([options] { run_backtest(*options); });
}

}  // namespace elman::cli
