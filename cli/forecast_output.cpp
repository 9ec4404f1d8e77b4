#include "forecast_output.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <fstream>

#include "elman/core/atomic_file.hpp"
#include "elman/core/error.hpp"

namespace elman::cli {
namespace {

// The chart shows this many seasons of history before the forecast (or twice the horizon, if longer).
constexpr std::size_t kSeasonsShown = 5;

// The header: the key columns (a file of several series), then date,forecast,lower_L,upper_L...
void write_header(std::ostream& out, const std::vector<std::string>& keys, const ts::Forecast& forecast) {
  for (const auto& key : keys) out << csv_field(key) << ',';
  out << "date,forecast";
  for (const auto& interval : forecast.intervals)
    out << fmt::format(",lower_{},upper_{}", interval.level, interval.level);
  out << '\n';
}

// One row per step, each after the series' key texts. fmt's "{}" writes a double in its shortest round-trip form:
// reading the file back gives the same bits.
void write_rows(std::ostream& out, const std::vector<std::string>& keys, const ts::Forecast& forecast,
                const std::vector<ts::TimePoint>& dates, const ts::DateFormat& format) {
  std::string prefix;
  for (const auto& key : keys) prefix += csv_field(key) + ',';
  for (std::size_t h = 0; h < dates.size(); ++h) {
    out << prefix << format.format(dates[h]) << fmt::format(",{}", forecast.mean[h]);
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

}  // namespace

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == text.npos) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + '"';
}

void add_forecast_output_options(CLI::App& command, std::vector<double>& levels, std::string& plot) {
  command
      .add_option("--level", levels, "Prediction interval level in percent; repeat it for several (default 80 and 95)")
      ->allow_extra_args(false)
      ->type_name("PERCENT")
      ->default_str("80 95");
  command.add_option("--plot", plot, "Also draw history and forecast to this chart (.svg, .png, .pdf)")
      ->type_name("CHART");
}

void validate_levels(std::span<const double> levels) {
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const double level = levels[i];
    if (!(level > 0.0 && level < 100.0))
      fail("--level: expected a percentage strictly between 0 and 100, got {}", level);
    if (std::find(levels.begin(), levels.begin() + std::ptrdiff_t(i), level) != levels.begin() + std::ptrdiff_t(i))
      fail("--level {} is given twice: expected distinct levels", level);
  }
}

std::vector<ts::TimePoint> forecast_dates(const ts::TimeSeries& series, std::size_t horizon) {
  std::vector<ts::TimePoint> dates;
  for (std::size_t h = 1; h <= horizon; ++h) dates.push_back(series.next_date(int(h)));
  return dates;
}

plot::Chart forecast_chart(const ts::TimeSeries& series, const ts::Forecast& forecast, const std::string& description,
                           std::size_t season) {
  const auto dates = forecast_dates(series, forecast.mean.size());
  plot::Chart chart;
  chart.title = fmt::format("{}: {} forecast", series.title(), description);
  chart.x_label = series.date_column();
  chart.y_label = series.value_name();
  chart.utc_offset = series.date_format().offset();
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
  for (const auto& interval : forecast.intervals) intervals.push_back(&interval);
  std::sort(intervals.begin(), intervals.end(), [](auto* a, auto* b) { return a->level > b->level; });
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    const double opacity = std::min(0.2 + 0.17 * double(i), 0.7);
    chart.bands.push_back({joined(last_date, dates), joined(last_value, intervals[i]->lower),
                           joined(last_value, intervals[i]->upper), fmt::format("{}% interval", intervals[i]->level),
                           forecast_color.with_alpha(opacity)});
  }
  chart.lines.push_back(std::move(history));
  chart.lines.push_back({joined(last_date, dates), joined(last_value, forecast.mean), "forecast", forecast_color});
  chart.markers.push_back({last_date, "forecast start"});
  return chart;
}

void write_forecast(const std::string& csv_path, const std::string& chart_path, const ts::TimeSeries& series,
                    const ts::Forecast& forecast, const std::string& description, std::size_t season) {
  const auto dates = forecast_dates(series, forecast.mean.size());
  const auto& format = series.date_format();
  AtomicFile csv(csv_path);
  {
    std::ofstream out(csv.temp_path(), std::ios::binary);
    write_header(out, {}, forecast);
    write_rows(out, {}, forecast, dates, format);
    if (!out.flush()) fail("{}: cannot write the forecast", csv_path);
  }
  if (!chart_path.empty()) plot::render(forecast_chart(series, forecast, description, season), chart_path);
  csv.commit();
  fmt::print("wrote {}{} ({} steps of {} by {}, {} to {})\n", csv_path, chart_path.empty() ? "" : " and " + chart_path,
             dates.size(), series.title(), description, format.format(dates.front()), format.format(dates.back()));
  // A forecast or lower bound at 0 of a series never below 0: the floor of ts::keep_non_negative.
  const auto values = series.values();
  const auto at_zero = [](const std::vector<double>& v) { return std::find(v.begin(), v.end(), 0.0) != v.end(); };
  if (std::none_of(values.begin(), values.end(), [](double v) { return v < 0.0; }) &&
      (at_zero(forecast.mean) || std::any_of(forecast.intervals.begin(), forecast.intervals.end(),
                                             [&](const auto& i) { return at_zero(i.lower); })))
    fmt::print(
        stderr,
        "elman: note: no value of {} is below 0, so neither is any forecast or bound: those below 0 were raised to 0\n",
        series.title());
}

void write_forecasts(const std::string& csv_path, const std::vector<std::string>& key_columns,
                     const std::vector<KeyedForecast>& forecasts) {
  AtomicFile csv(csv_path);
  {
    std::ofstream out(csv.temp_path(), std::ios::binary);
    write_header(out, key_columns, forecasts.front().forecast);
    for (const auto& f : forecasts)
      write_rows(out, f.keys, f.forecast, forecast_dates(f.series, f.forecast.mean.size()), f.series.date_format());
    if (!out.flush()) fail("{}: cannot write the forecast", csv_path);
  }
  csv.commit();
}

}  // namespace elman::cli
