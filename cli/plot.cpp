// elman plot CSV -o OUT.{svg,png,pdf}: the series against its dates, as the text's matplotlib figure
// (date axis, labels rotated 45°, axis labels from the column names, a legend when several columns are drawn).
#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "commands.hpp"
#include "elman/core/error.hpp"
#include "elman/plot/chart.hpp"

namespace elman::cli {
namespace {

struct PlotOptions {
  std::string csv;
  std::string output;
  std::string from;
  std::string to;
  int width = 1000;
  int height = 600;
  std::string title;
  ts::CsvSeriesOptions series;
};

// A --from/--to date in the file's own format, or ISO (YYYY-MM-DD, or with a time) whatever the file uses, read as the
// local time of the file's stamps where they carry an offset (as the chart draws them).
ts::TimePoint parse_date_option(const std::string& option, const std::string& text, const ts::DateFormat& format) {
  using Style = ts::DateFormat::Style;
  if (const auto date = format.parse(text)) return *date;
  for (const auto& candidate : {ts::DateFormat::of(Style::IsoDate), ts::DateFormat::of(Style::IsoDateTime)}) {
    if (const auto date = candidate.parse(text)) return *date - format.offset();
  }
  fail("{} '{}': expected a date such as {} or YYYY-MM-DD", option, text, format.describe());
}

struct Rows {
  std::size_t begin;
  std::size_t end;
};

// The rows whose dates lie in [--from, --to] (both inclusive); an empty selection is an error.
Rows selected_rows(const ts::TimeSeries& series, const PlotOptions& options) {
  const auto& dates = series.dates();
  const auto& format = series.date_format();
  std::optional<ts::TimePoint> from;
  std::optional<ts::TimePoint> to;
  // "first", "last" (the defaults --help shows) and empty leave that end open.
  if (!options.from.empty() && options.from != "first") from = parse_date_option("--from", options.from, format);
  if (!options.to.empty() && options.to != "last") to = parse_date_option("--to", options.to, format);
  if (from && to && *from > *to) fail("--from {} is after --to {}: expected --from <= --to", options.from, options.to);
  const auto begin = from ? std::lower_bound(dates.begin(), dates.end(), *from) : dates.begin();
  const auto end = to ? std::upper_bound(dates.begin(), dates.end(), *to) : dates.end();
  if (begin >= end) {
    const std::string range = fmt::format("{}{}{}", from ? "--from " + options.from : "", from && to ? " " : "",
                                          to ? "--to " + options.to : "");
    fail("{}: no rows of {} lie in this range; its dates run from {} to {}", range, options.csv,
         format.format(dates.front()), format.format(dates.back()));
  }
  return {static_cast<std::size_t>(begin - dates.begin()), static_cast<std::size_t>(end - dates.begin())};
}

plot::Chart make_chart(const ts::TimeSeries& series, Rows rows, const PlotOptions& options) {
  plot::Chart chart;
  chart.width = options.width;
  chart.height = options.height;
  chart.x_label = series.date_column();
  chart.utc_offset = series.date_format().offset();
  const auto& names = series.names();
  if (names.size() == 1) chart.y_label = names.front();
  const bool automatic_title = options.title.empty() || options.title == "auto";
  chart.title = !automatic_title    ? options.title
                : names.size() == 1 ? series.title()
                                    : std::filesystem::path(options.csv).stem().string();
  const auto& dates = series.dates();
  for (const auto& name : names) {
    const auto values = series.values(name);
    plot::LineSeries line;
    line.label = name;
    line.x.assign(dates.begin() + std::ptrdiff_t(rows.begin), dates.begin() + std::ptrdiff_t(rows.end));
    line.y.assign(values.begin() + std::ptrdiff_t(rows.begin), values.begin() + std::ptrdiff_t(rows.end));
    chart.lines.push_back(std::move(line));
  }
  return chart;
}

void run_plot(const PlotOptions& options) {
  const ts::TimeSeries series = ts::read_csv_series(options.csv, options.series);
  const Rows rows = selected_rows(series, options);
  plot::render(make_chart(series, rows, options), options.output);
  // Notes only after success, so that a failure stays a single line.
  print_notes(series);
  const auto& format = series.date_format();
  const std::size_t count = rows.end - rows.begin;
  fmt::print("wrote {} ({}x{}; {} row{} from {} to {})\n", options.output, options.width, options.height, count,
             count == 1 ? "" : "s", format.format(series.dates()[rows.begin]),
             format.format(series.dates()[rows.end - 1]));
}

}  // namespace

void add_plot_command(CLI::App& app) {
  auto options = std::make_shared<PlotOptions>();
  CLI::App* command = app.add_subcommand("plot", "Draw the series against its dates as an SVG, PNG or PDF chart");
  command->add_option("csv", options->csv, "CSV file: a header row, a date column and numeric columns")->required();
  command
      ->add_option("-o,--output", options->output, "Chart to write; the format follows the extension: .svg, .png, .pdf")
      ->required();
  command
      ->add_option("--from", options->from,
                   "First date drawn, in the file's date format or YYYY-MM-DD (first: the first row)")
      ->type_name("DATE")
      ->default_str("first");
  command->add_option("--to", options->to, "Last date drawn, inclusive (last: the last row)")
      ->type_name("DATE")
      ->default_str("last");
  command->add_option("--width", options->width, "Chart width in pixels")->check(CLI::Range(50, 20000));
  command->add_option("--height", options->height, "Chart height in pixels")->check(CLI::Range(50, 20000));
  command
      ->add_option("--title", options->title,
                   "Chart title (auto: the value column's name, or the file name for several columns)")
      ->default_str("auto");
  add_series_options(*command, options->series, /*multiple_values=*/true);
  command->callback([options] { run_plot(*options); });
}

}  // namespace elman::cli
