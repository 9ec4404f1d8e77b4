// elman train CSV -o MODEL: fits the forecaster (include/elman/ts/forecaster.hpp) on the whole series, shows the
// training progress, reports the validation scores behind the model choice, and writes the model file. With --by,
// one forecaster per series of a file in long form, each in its own model file of the folder -o names.
#include <fmt/core.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "elman/core/atomic_file.hpp"
#include "elman/core/error.hpp"
#include "elman/train/progress.hpp"
#include "elman/ts/forecaster.hpp"
#include "forecaster_options.hpp"

namespace elman::cli {
namespace {

struct TrainCommandOptions {
  std::string csv;
  std::string output;
  ForecasterTextOptions forecaster_text;
  std::vector<std::string> by;
  bool quiet = false;
  bool horizon_given = false;
  ts::ForecasterOptions forecaster;
  ts::CsvSeriesOptions series;
};

std::string_view calendar_words(ts::CalendarCovariates calendar) {
  switch (calendar) {
    case ts::CalendarCovariates::None: return "";
    case ts::CalendarCovariates::MonthOfYear: return " values with month of year";
    case ts::CalendarCovariates::HourAndWeekday: return " values with hour of day and weekday";
  }
  return "";
}

void report(const ts::TrainingReport& r, const ts::Forecaster& model) {
  if (!r.candidates.empty()) {
    fmt::print("validation on the last {} rows ({}):\n", r.validation_rows, r.error_name);
    for (const auto& c : r.candidates) fmt::print("  {:<8} {:>8.3f}  {}\n", c.name, c.error, c.description);
  }
  fmt::print("chose {}: {}{}\n", ts::to_string(r.chosen), model.describe(), r.note.empty() ? "" : ", " + r.note);
  if (r.windows > 0) {
    const auto& o = model.options();
    std::string transforms;
    for (const auto& kind : o.transforms.value()) transforms += (transforms.empty() ? "" : " -> ") + kind;
    const std::string epochs =
        r.kept_epoch > 0
            ? fmt::format(
                  "{} training window{} and {} judging the epochs, {} epochs run, weights of "
                  "epoch {} (training loss {:.5f})",
                  r.windows, r.windows == 1 ? "" : "s", r.held_windows, r.epochs_run, r.kept_epoch, r.final_loss)
            : fmt::format("{} training window{}, {} epoch{}, final loss {:.5f}", r.windows, r.windows == 1 ? "" : "s",
                          r.epochs_run, r.epochs_run == 1 ? "" : "s", r.final_loss);
    fmt::print("network inputs: {}{}; {}; intervals widened x{:.3f}\n", transforms.empty() ? "raw values" : transforms,
               calendar_words(o.calendar.value_or(ts::CalendarCovariates::None)), epochs, r.interval_inflation);
  }
  fmt::print("trained on '{}', {} in {:.2f} s\n", model.value_name(), model.training_range(), r.seconds);
}

// Trains on the series, with its reader's notes (print_notes), the progress display and the report.
ts::Forecaster train_series(const TrainCommandOptions& options, const ts::TimeSeries& series,
                            std::set<std::string>* said = nullptr) {
  print_notes(series, said);
  ts::ForecasterOptions f = options.forecaster;
  if (!options.horizon_given) f.horizon = ts::default_horizon(series.frequency());
  ts::TrainingReport training;
  train::ProgressOptions progress;
  progress.quiet = options.quiet;
  // On a terminal the line is redrawn in place; in a log, only each network's last epoch is written.
  const bool live = ::isatty(::fileno(stderr)) != 0;
  auto display = train::make_progress_display(progress);
  const train::EpochCallback on_epoch = [display, live](const train::EpochReport& report) {
    return live || report.epoch == report.epochs ? display(report) : true;
  };
  auto model = ts::Forecaster::train(series, f, on_epoch, &training);
  report(training, model);
  return model;
}

// A model file's name from its series' texts: letters, digits, '.', '-' and '_' kept, any other byte '_'.
std::string file_name(const std::vector<std::pair<std::string, std::string>>& where, std::size_t first_key) {
  std::string name;
  for (std::size_t k = first_key; k < where.size(); ++k) {
    name += k == first_key ? "" : "_";
    for (const char c : where[k].second)
      name += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_';
  }
  if (name.empty() || name.front() == '.') name.insert(0, "_");
  return name;
}

// --by: a forecaster for each series, saved only once every one has trained, so that a series that fails leaves
// no model file behind.
void run_train_each(const TrainCommandOptions& options) {
  const std::filesystem::path folder = options.output;
  if (std::filesystem::exists(folder) && !std::filesystem::is_directory(folder))
    fail("--output: '{}' is a file; with --by, expected a folder for the model files", options.output);
  const ts::LongFormFile file(options.csv, options.series, options.by);
  std::vector<std::pair<std::filesystem::path, ts::Forecaster>> models;
  std::set<std::string> names, said;
  for (std::size_t i = 0; i < file.size(); ++i) {
    const std::string base = file_name(file.conditions(i), options.series.where.size());
    std::string name = base;
    for (int copy = 2; !names.insert(name).second; ++copy) name = fmt::format("{}-{}", base, copy);
    const std::string texts = series_name(file.conditions(i), options.series.where.size());
    fmt::print("series {} of {}: {}\n", i + 1, file.size(), texts);
    try {
      models.emplace_back(folder / (name + ".safetensors"), train_series(options, file.read(i), &said));
    } catch (const Error& e) {
      fail("series {}: {}", texts, e.what());
    }
  }
  std::filesystem::create_directories(folder);
  for (const auto& [path, model] : models) model.save(path);
  fmt::print("wrote {} model files to {}\n", models.size(), options.output);
  // Model files of an earlier run (of another file, or series the file no longer holds): forecast FOLDER reads every
  // one, so the user hears of them.
  std::vector<std::string> others;
  for (const auto& file : model_files_in(folder))
    if (!names.contains(file.stem().string())) others.push_back(file.filename().string());
  if (!others.empty())
    fmt::print(
        stderr,
        "elman: note: {} also holds {} model file{} this run did not write ({}{}); elman forecast {} forecasts "
        "every model file in it\n",
        options.output, others.size(), others.size() == 1 ? "" : "s",
        fmt::join(others.begin(), others.begin() + std::ptrdiff_t(std::min<std::size_t>(others.size(), 3)), ", "),
        others.size() > 3 ? ", ..." : "", options.output);
}

void run_train(TrainCommandOptions& options) {
  resolve_forecaster_options(options.forecaster_text, options.forecaster);
  if (!options.by.empty()) return run_train_each(options);
  // A model path that cannot be written fails now, not after the training.
  { const AtomicFile probe(options.output); }
  const auto model = train_series(options, ts::read_csv_series(options.csv, options.series));
  model.save(options.output);
  fmt::print("wrote {}\n", options.output);
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto options = std::make_shared<TrainCommandOptions>();
  ts::ForecasterOptions& f = options->forecaster;
  CLI::App* command = app.add_subcommand(
      "train", "Train a forecaster on a series (network, transforms, windows; checked against Holt-Winters on the "
               "last rows) and save it as one model file");
  command->add_option("csv", options->csv, "CSV file: a header row, a date column and a numeric column")->required();
  command->add_option("-o,--output", options->output, "Model file to write (safetensors); with --by, a folder")
      ->required();
  add_by_option(*command, options->by,
                "train one forecaster per series, each saved in the folder -o names as TEXT.safetensors");
  add_forecaster_options(*command, options->forecaster_text, f);
  command->add_flag("-q,--quiet", options->quiet, "No progress display");
  add_series_options(*command, options->series);
  command->callback([options, command] {
    options->horizon_given = command->get_option("--horizon")->count() > 0;
    run_train(*options);
  });
}

}  // namespace elman::cli
