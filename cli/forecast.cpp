// elman forecast MODEL CSV -o FORECAST.csv: the trained forecaster's forecast after the last row of the CSV, with
// prediction intervals, as `date,forecast,lower_L,upper_L...`, and optionally a chart. MODEL may be the folder of
// `elman train --by`: every series of the file is forecast, into one CSV in long form.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "elman/core/error.hpp"
#include "elman/ts/forecaster.hpp"
#include "forecast_output.hpp"

namespace elman::cli {
namespace {

constexpr std::int64_t kLargestHorizon = 10000;

struct ForecastCommandOptions {
  std::string model;
  std::string csv;
  std::string output;
  std::optional<std::int64_t> horizon;
  std::vector<double> levels{80.0, 95.0};
  std::string plot;
  ts::CsvSeriesOptions series;
};

// The CSV options the command line gave (`given`: whether it named the option), the others as the model's
// training file was read, so the history reads as the training rows did without repeating them.
ts::CsvSeriesOptions reading_options(const ts::CsvSeriesOptions& command_line, const ts::Forecaster& model,
                                     const std::function<bool(const char*)>& given) {
  ts::CsvSeriesOptions o = model.read_with();
  if (given("--delimiter")) o.delimiter = command_line.delimiter;
  if (given("--skip")) o.skip_lines = command_line.skip_lines;
  if (given("--decimal")) o.decimal = command_line.decimal;
  if (given("--thousands")) o.thousands = command_line.thousands;
  if (given("--date-col")) o.date_column = command_line.date_column;
  if (given("--date-format")) o.date_format = command_line.date_format;
  if (given("--value-col")) o.value_columns = command_line.value_columns;
  if (given("--missing")) o.missing = command_line.missing;
  if (given("--where")) o.where = command_line.where;
  if (given("--delimiter") && !given("--decimal") && o.decimal == o.delimiter)
    fail("--delimiter: '{}' is the decimal mark the model's training file was read with; give --decimal too",
         o.delimiter);
  return o;
}

// The model files of a folder written by elman train --by, by name.
std::vector<std::filesystem::path> model_files(const std::string& folder) {
  auto files = model_files_in(folder);
  if (files.empty())
    fail("{}: no model files (*.safetensors) in the folder; expected those of elman train --by", folder);
  return files;
}

// The model's forecast after the last row of the history, with the reader's notes (print_notes).
ts::Forecast forecast_after(const ts::Forecaster& model, const ForecastCommandOptions& options,
                            const ts::TimeSeries& series, std::set<std::string>* said = nullptr) {
  print_notes(series, said);
  const std::size_t horizon = options.horizon ? std::size_t(*options.horizon) : model.options().horizon;
  return model.forecast(series, horizon, options.levels);
}

// A model of a folder of elman train --by, the options that read its series and the texts of its series' columns.
struct SeriesModel {
  std::filesystem::path file;
  ts::Forecaster model;
  ts::CsvSeriesOptions reading;
  std::vector<std::string> keys;
};

// A folder of elman train --by: each model forecasts its own series of the CSV (the rows its --where conditions
// keep), all into one CSV in long form, in the order the CSV first holds the series. The CSV is read once for all
// of them.
void run_forecast_each(const ForecastCommandOptions& options, const std::function<bool(const char*)>& given) {
  if (!options.plot.empty())
    fail("--plot draws one series: give one model file of {} to draw its forecast", options.model);
  if (given("--where")) fail("--where: each model file of {} reads its own series' rows", options.model);
  std::vector<std::string> key_columns;
  std::vector<SeriesModel> models;
  for (const auto& file : model_files(options.model)) {
    auto model = ts::Forecaster::load(file);
    std::vector<std::string> columns, keys;
    for (const auto& [column, text] : model.read_with().where) {
      columns.push_back(column);
      keys.push_back(text);
    }
    if (columns.empty())
      fail(
          "{}: trained on a whole file, not on one series of a file in long form; expected the model files of "
          "elman train --by",
          file.string());
    if (models.empty()) key_columns = columns;
    if (columns != key_columns)
      fail("{}: its series is told apart by {}; expected {}, as in the folder's first model file", file.string(),
           fmt::join(columns, ", "), fmt::join(key_columns, ", "));
    ts::CsvSeriesOptions reading = reading_options(options.series, model, given);
    models.push_back({file, std::move(model), std::move(reading), std::move(keys)});
  }
  ts::CsvSeriesOptions every_row = models.front().reading;
  every_row.where.clear();
  const ts::LongFormFile file(options.csv, every_row, key_columns);
  std::map<std::vector<std::string>, std::size_t> place;
  for (std::size_t i = 0; i < file.size(); ++i) {
    std::vector<std::string> texts;
    for (const auto& condition : file.conditions(i)) texts.push_back(condition.second);
    place.emplace(std::move(texts), i);
  }
  // A model whose texts the file's series lack (a --where written with spaces around its text), or that reads the
  // file with other options, reads its series alone, and comes last.
  std::vector<std::pair<std::size_t, KeyedForecast>> forecasts;
  std::set<std::string> said;
  for (auto& [path, model, reading, keys] : models) {
    const auto found = place.find(keys);
    ts::CsvSeriesOptions options_but_where = reading;
    options_but_where.where.clear();
    const bool in_file = found != place.end() && options_but_where == every_row;
    try {
      ts::TimeSeries series = in_file ? file.read(found->second) : ts::read_csv_series(options.csv, reading);
      ts::Forecast forecast = forecast_after(model, options, series, &said);
      forecasts.push_back({found == place.end() ? file.size() : found->second,
                           {std::move(keys), std::move(series), std::move(forecast)}});
    } catch (const Error& e) {
      fail("{}: {}", path.string(), e.what());
    }
  }
  std::stable_sort(forecasts.begin(), forecasts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<KeyedForecast> in_order;
  for (auto& [order, forecast] : forecasts) in_order.push_back(std::move(forecast));
  write_forecasts(options.output, key_columns, in_order);
  fmt::print("wrote {} ({} series, by {})\n", options.output, in_order.size(), fmt::join(key_columns, ", "));
}

void run_forecast(ForecastCommandOptions options, const std::function<bool(const char*)>& given) {
  if (options.horizon && (*options.horizon < 1 || *options.horizon > kLargestHorizon))
    fail("--horizon: expected a number of steps from 1 to {}, got {}", kLargestHorizon, *options.horizon);
  validate_levels(options.levels);
  if (std::filesystem::is_directory(options.model)) return run_forecast_each(options, given);
  const auto extension = [](const std::string& path) { return std::filesystem::path(path).extension().string(); };
  if (extension(options.csv) == ".safetensors" && extension(options.model) != ".safetensors")
    fail("the model file comes first, then the history: expected elman forecast {} {}", options.csv, options.model);
  const auto model = ts::Forecaster::load(options.model);
  const auto series = ts::read_csv_series(options.csv, reading_options(options.series, model, given));
  const auto forecast = forecast_after(model, options, series);
  write_forecast(options.output, options.plot, series, forecast, model.describe(), model.options().season);
}

}  // namespace

void add_forecast_command(CLI::App& app) {
  auto options = std::make_shared<ForecastCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "forecast", "Forecast after the last row of a CSV with a model from elman train, with prediction intervals");
  command->footer(
      "The CSV options (--delimiter, --skip, --decimal, --thousands, --date-col, --value-col, --where, "
      "--date-format, --missing) "
      "default to those the model's training file was read with.");
  command->add_option("model", options->model, "Model file written by elman train, or the folder of elman train --by")
      ->required();
  command->add_option("csv", options->csv, "CSV file with the history (may extend the training rows)")->required();
  command->add_option("-o,--output", options->output, "Forecast CSV to write: date,forecast,lower_L,upper_L...")
      ->required();
  command->add_option("--horizon", options->horizon, "Number of steps to forecast (default: the model's horizon)")
      ->type_name("H");
  add_forecast_output_options(*command, options->levels, options->plot);
  add_series_options(*command, options->series);
  command->callback([options, command] {
    run_forecast(*options, [command](const char* name) { return command->count(name) > 0; });
  });
}

}  // namespace elman::cli
