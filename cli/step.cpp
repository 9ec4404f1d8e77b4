// elman step: the text's walkthrough. Takes one year of the series, divides it by its maximum, steps the text's
// perceptron through it and prints each hidden state as numpy prints it (or all of them as JSON).
#include <fmt/core.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "elman/core/error.hpp"
#include "elman/core/numpy_print.hpp"
#include "elman/core/numpy_random.hpp"
#include "elman/core/random.hpp"
#include "elman/nn/perceptron.hpp"

namespace elman::cli {
namespace {

// The text does not seed numpy; elman picks np.random.seed(0) so that the default output is reproducible.
constexpr std::int64_t kDefaultNumpySeed = 0;
constexpr std::int64_t kLargestNumpySeed = std::numeric_limits<std::uint32_t>::max();
// A teaching command: the LSTM's four H x H matrices stay near half a gigabyte at this size.
constexpr std::int64_t kLargestHidden = 4096;

struct StepOptions {
  std::string csv;
  int year = 2017;
  std::int64_t hidden = 5;
  std::string cell = "rnn";
  std::optional<std::int64_t> numpy_seed;
  std::optional<std::uint64_t> seed;
  bool json = false;
  ts::CsvSeriesOptions series;
};

void validate(const StepOptions& options) {
  if (options.numpy_seed && options.seed) fail("--numpy-seed and --seed exclude each other: give at most one");
  if (options.hidden < 1 || options.hidden > kLargestHidden)
    fail("--hidden: expected a hidden size from 1 to {}, got {}", kLargestHidden, options.hidden);
  if (options.cell != "rnn" && options.cell != "lstm") fail("--cell: expected 'rnn' or 'lstm', got '{}'", options.cell);
  if (options.numpy_seed && (*options.numpy_seed < 0 || *options.numpy_seed > kLargestNumpySeed))
    fail("--numpy-seed: expected an integer from 0 to {} (numpy's range), got {}", kLargestNumpySeed,
         *options.numpy_seed);
}

int year_of(ts::TimePoint date) {
  return int(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(date)}.year());
}

// The text's `timeseries['elec-prod'][timeseries['date'].dt.year == 2017]`, then `/= .max()`.
std::vector<double> scaled_year(const ts::TimeSeries& series, int year, const std::string& csv) {
  std::vector<double> values;
  const auto column = series.values();
  for (std::size_t row = 0; row < series.size(); ++row)
    if (year_of(series.dates()[row]) == year) values.push_back(column[row]);
  if (values.empty()) {
    if (series.size() == 0) fail("--year {}: {} holds no rows", year, csv);
    fail("--year {}: no rows of {} lie in this year; its dates run from {} to {}", year, csv,
         year_of(series.dates().front()), year_of(series.dates().back()));
  }
  double maximum = values.front();
  for (double v : values) maximum = std::max(maximum, v);
  for (double& v : values) v /= maximum;
  return values;
}

template <typename Perceptron, typename Random>
std::vector<std::vector<double>> step_through(std::int64_t hidden, Random& random, const std::vector<double>& inputs) {
  Perceptron perceptron(hidden, random);
  std::vector<std::vector<double>> states;
  for (double x_i : inputs) states.push_back(perceptron.step(x_i));
  return states;
}

template <typename Random>
std::vector<std::vector<double>> step_cell(const StepOptions& options, Random& random,
                                           const std::vector<double>& inputs) {
  if (options.cell == "lstm") return step_through<nn::LSTMPerceptron>(options.hidden, random, inputs);
  return step_through<nn::SimpleRNNPerceptron>(options.hidden, random, inputs);
}

void run_step(const StepOptions& options) {
  validate(options);
  const ts::TimeSeries series = ts::read_csv_series(options.csv, options.series);
  const std::vector<double> inputs = scaled_year(series, options.year, options.csv);
  print_notes(series);
  std::vector<std::vector<double>> states;
  if (options.seed) {
    Rng random{*options.seed};
    states = step_cell(options, random, inputs);
  } else {
    NumpyRandomState random{std::uint32_t(options.numpy_seed.value_or(kDefaultNumpySeed))};
    states = step_cell(options, random, inputs);
  }
  if (options.json) {
    // nlohmann writes each double in its shortest round-trip form: reading it back gives the same bits.
    fmt::print("{}\n", nlohmann::json(states).dump());
    return;
  }
  for (std::size_t i = 0; i < states.size(); ++i)
    fmt::print("Step {}: Hidden State = {}\n", i + 1, format_numpy_array(states[i]));
}

}  // namespace

void add_step_command(CLI::App& app) {
  auto options = std::make_shared<StepOptions>();
  CLI::App* command = app.add_subcommand(
      "step",
      "The text's walkthrough: step a recurrent perceptron through one year of a series, scaled by the year's "
      "maximum, and print each hidden state");
  command->add_option("csv", options->csv, "CSV file: a header row, a date column and a numeric column")->required();
  command->add_option("--year", options->year, "Calendar year whose rows are fed to the perceptron")
      ->check(CLI::Range(1, 9999));
  command->add_option("--hidden", options->hidden, "Hidden size H (neurons in the hidden layer)");
  command->add_option("--cell", options->cell,
                      "rnn: the text's SimpleRNNPerceptron (tanh); lstm: the follow-up text's LSTMPerceptron");
  command->add_option("--numpy-seed", options->numpy_seed,
                      "Draw the weights as np.random.seed(S) then the text's code does, 0 <= S < 2^32 "
                      "(default 0 when --seed is not given; the text itself does not seed)");
  command->add_option("--seed", options->seed, "Draw the weights from elman's own generator with this seed instead");
  command->add_flag("--json", options->json,
                    "Print one JSON list of the hidden states (one list of H numbers per step, round-trip precision)");
  add_series_options(*command, options->series);
  command->callback([options] { run_step(*options); });
}

}  // namespace elman::cli
