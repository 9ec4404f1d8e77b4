#pragma once
// Forecaster: the whole pipeline from a dated series to a forecast with prediction intervals, saved in one file.
//
//   values → transforms (fitted on the training rows: log, standard scaling, ...) → windows of W steps, each step
//   the value plus one-hot calendar inputs (the month for monthly and weekly data, the hour and the weekday for hourly)
//   → recurrent networks (GRU/LSTM/RNN) with a Linear head, an ensemble of `members` seeds → H steps in the
//   transformed scale, averaged over the members (direct: one head emits all H; recursive: one step, fed back) →
//   inverted. Members may read each window relative to its own level (the mean of its last season of transformed
//   values, taken from the inputs and the targets and added back to the forecasts; `window_level`): those carry a
//   trend past the range of the training rows, which a network on globally scaled values cannot.
//
// Training also holds out the last `validation` rows (3 H by default): one network and every Holt-Winters variant
// (on hourly data without a given season, with a season of 24 and, where the rows hold two weeks, of 168 hours)
// are fitted on the rows before them and forecast H steps from origins H/4 apart within them (the network reading
// the newer rows as inputs, Holt-Winters running its fitted recursions through them). The candidate with the
// lowest pooled MAPE (MAE where a value is <= 0) is kept: the network, the best Holt-Winters variant, or their
// equal-weight mean. A series too short to hold out those rows for both gets Holt-Winters, its variant
// chosen by AICc (without a season where the rows are fewer than two seasons), and the report says why. The default
// transforms take the log only where every value is positive. The choice is made on the training rows only and is
// reported; the kept candidates are then refitted on all rows. docs/accuracy.md records the study behind every
// default.
//
// Intervals of the network come from its per-step residual spread on the training windows, in the transformed
// scale, widened by the ratio of out-of-sample to in-sample error measured on the validation origins; Holt-Winters
// keeps its own simulated intervals; the mean averages the two forecasters' quantiles (Vincentization). Coverage
// is measured by `elman backtest` (docs/accuracy.md).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "elman/nn/recurrent.hpp"
#include "elman/nn/sequence_model.hpp"
#include "elman/train/trainer.hpp"
#include "elman/ts/baselines.hpp"
#include "elman/ts/time_series.hpp"
#include "elman/ts/transforms.hpp"
#include "elman/ts/windowing.hpp"

namespace elman::ts {

enum class Strategy { Direct, Recursive };
std::string to_string(Strategy strategy);  // "direct", "recursive"
Strategy parse_strategy(std::string_view text);

// Which members read each window relative to its level: none, all, or alternate ones (the 2nd, 4th, ...).
enum class WindowLevel { None, All, Alternate };
std::string to_string(WindowLevel level);  // "none", "all", "alternate"
WindowLevel parse_window_level(std::string_view text);

// What the forecaster may use: chosen on the validation rows (Auto), or fixed by the user.
enum class Selection { Auto, Network, HoltWinters, Mean };
std::string to_string(Selection selection);  // "auto", "network", "hw", "mean"
Selection parse_selection(std::string_view text);

struct ForecasterOptions {
  // The network.
  nn::Mode cell = nn::Mode::Gru;
  std::int64_t hidden = 32;
  std::int64_t layers = 1;
  std::int64_t members = 3;  // networks from seeds seed, seed + 1, ... whose forecasts are averaged
  WindowLevel window_level = WindowLevel::None;
  // The data: transform kinds in order ("log", "box_cox", "difference", "seasonal_difference", "standard",
  // "min_max"; unset: default_transforms of the training values, so a trained forecaster's options always hold the
  // list), window length, the network's horizon, stride between windows, strategy, calendar covariates.
  std::optional<std::vector<std::string>> transforms;
  std::size_t window = 24;
  std::size_t horizon = 24;
  std::size_t stride = 1;
  Strategy strategy = Strategy::Direct;
  // Forking sequences (MQ-RNN): 0 trains the head on each window's last step; K >= 1 on every step from the K-th
  // on, each forecasting the steps after it (windows of K..W rows sharing one pass). Forecasts read the last step.
  std::size_t fork_from = 0;
  // Calendar inputs at every step (windowing.hpp); unset: the frequency's (calendar_covariates), so a trained
  // forecaster's options always hold the kind it used.
  std::optional<CalendarCovariates> calendar;
  // Training: a fixed number of epochs over all windows (patience > 0 adds early stopping on the validation rows).
  std::int64_t epochs = 60;
  std::int64_t batch_size = 64;
  double learning_rate = 5e-3;
  double clip_norm = 1.0;
  bool cosine_lr = false;  // anneal the learning rate to 0 over the epochs (torch's CosineAnnealingLR)
  std::int64_t patience = 0;
  std::uint64_t seed = 1;
  // Model choice.
  Selection selection = Selection::Auto;
  std::size_t validation = 0;  // rows held out for the choice; 0: three horizons
  std::size_t season = 0;      // 0: from the frequency (12 monthly, 4 quarterly, 7 daily, ...)
  // Threads training the networks side by side (0: every core the process may use). The model is the same with
  // any number; it is not saved in the model file.
  std::size_t threads = 0;

  // Throws elman::Error naming the option that is out of range.
  void validate() const;
};

// The transforms when none are given: log then standard where every value is positive, standard alone otherwise.
std::vector<std::string> default_transforms(std::span<const double> values);

// The calendar inputs of a frequency: the month of year for monthly and weekly data, the hour of day and the weekday
// for hourly data, none otherwise (docs/accuracy.md, "Calendar inputs for other frequencies").
CalendarCovariates calendar_covariates(Frequency frequency);

// The usual season length of a frequency (FPP3 table 7.1): 24 hourly, 7 daily, 5 business-daily, 52 weekly, 12
// monthly, 4 quarterly, 1 otherwise.
std::size_t season_length(Frequency frequency);
// The season lengths Holt-Winters tries on `rows` rows of a series of `frequency` (the forecaster's validated
// choice, `elman baseline --method hw`, the backtest's Holt-Winters rows): `given` where it is not 0 (--season), else
// the frequency's season and, where the rows hold two of it, a longer one: a week of hours for hourly data
// (docs/accuracy.md, "Calendar inputs for other frequencies").
std::vector<std::size_t> holt_winters_seasons(std::size_t given, Frequency frequency, std::size_t rows);
// The horizon `elman train` forecasts when none is given: two years of monthly or quarterly data (24, 8), else the
// M4 competition's horizons: 48 hourly, 14 daily (10 business-daily), 13 weekly, 6 yearly (24 where the frequency
// is irregular).
std::size_t default_horizon(Frequency frequency);

// The fewest rows Forecaster::train accepts with `options` on a series of `frequency`: a window, the horizon and
// what differencing drops for the network; two seasons for Holt-Winters; the more of the two for their mean; and
// with --selection auto 4 (with fewer rows than the more of the two and the validation rows, auto keeps
// Holt-Winters, without a season where the rows are fewer than two seasons).
std::size_t minimum_training_rows(const ForecasterOptions& options, Frequency frequency);

// One candidate's accuracy on the validation rows.
struct CandidateScore {
  std::string name;         // "network", "hw", "mean"
  std::string description;  // e.g. "GRU 48, window 24, direct" or the Holt-Winters variant
  double error = 0.0;       // choice_error (include/elman/ts/metrics.hpp): MAPE %, or MAE where a value is <= 0
};

struct TrainingReport {
  std::vector<CandidateScore> candidates;  // empty when the choice was fixed or no validation was possible
  std::string error_name;                  // what their error is: "MAPE %" or "MAE"
  Selection chosen = Selection::Network;
  // Why --selection auto chose without a validation run (a series too short for one), or why Holt-Winters has no
  // season (fewer rows than two seasons); else empty.
  std::string note;
  std::size_t validation_rows = 0;
  std::size_t windows = 0;          // training windows of the final network
  std::size_t held_windows = 0;     // early stopping: the newer windows that judged the epochs instead
  std::int64_t epochs_run = 0;      // of the final network
  std::int64_t kept_epoch = 0;      // early stopping: the epoch whose weights it kept (0 without)
  double final_loss = 0.0;          // the kept epoch's training loss (transformed scale)
  double interval_inflation = 1.0;  // out-of-sample / in-sample residual ratio applied to the network's intervals
  double seconds = 0.0;
};

class Forecaster {
 public:
  // Trains on every row of `series` (its first value column). `on_epoch` sees every epoch of every network
  // trained (the validation run, then the final one). Throws elman::Error for a series too short for one window
  // plus the validation rows, or values a transform cannot take (log of a non-positive value).
  static Forecaster train(const TimeSeries& series, const ForecasterOptions& options,
                          const train::EpochCallback& on_epoch = {}, TrainingReport* report = nullptr);

  // Forecasts `horizon` steps after the last row of `history` (which may extend the training rows), with central
  // intervals at each level (percent). Throws for a history of another column or frequency, or too short.
  Forecast forecast(const TimeSeries& history, std::size_t horizon, std::span<const double> levels = {}) const;

  // A safetensors file: the network's state_dict ("rnn.*", "head.*", float32) plus "residual_scale" (H,), with
  // __metadata__ "model": "elman.Forecaster" and every option, transform parameter, the column, frequency, date
  // format and training range. load() rejects files that are not elman forecasters, naming the path.
  void save(const std::filesystem::path& path) const;
  static Forecaster load(const std::filesystem::path& path);

  const ForecasterOptions& options() const { return options_; }
  Selection selection() const { return selection_; }
  // One line for people: "GRU 48 (window 24, direct, log → standard, month covariates), mean with Holt-Winters ..."
  std::string describe() const;
  const std::string& value_name() const { return value_name_; }
  // How the training rows were read from their CSV (TimeSeries::read_with: delimiter, decimal and thousands marks,
  // date column and format, missing values), for reading the history the same way; its value column is the model's.
  const CsvSeriesOptions& read_with() const { return read_with_; }
  Frequency frequency() const { return frequency_; }
  const std::string& training_range() const { return training_range_; }  // "1/1/1985 to 1/1/2016 (373 rows)"

 private:
  Forecaster() = default;

  ForecasterOptions options_;
  Selection selection_ = Selection::Network;
  Pipeline pipeline_;
  std::vector<nn::SequenceModel<float>> networks_;  // empty when Holt-Winters alone was chosen
  std::vector<double> residual_scale_;              // per network step, transformed scale, already inflated
  HoltWintersSpec hw_spec_;
  std::string value_name_;
  CsvSeriesOptions read_with_;
  Frequency frequency_ = Frequency::Monthly;
  std::string training_range_;
};

}  // namespace elman::ts
