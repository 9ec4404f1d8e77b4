#pragma once
// The network half of the Forecaster (forecaster_network.cpp): transforms, windows, training, batched multi-step
// prediction and residual-based intervals.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "elman/nn/sequence_model.hpp"
#include "elman/train/trainer.hpp"
#include "elman/ts/baselines.hpp"
#include "elman/ts/forecaster.hpp"
#include "elman/ts/transforms.hpp"

namespace elman::ts::detail {

// One transform stage by name; "seasonal_difference" is a difference at lag `season`. Throws naming the kind.
std::unique_ptr<Transform> make_stage(const std::string& kind, std::size_t season);
// The unfitted pipeline of the options.
Pipeline make_pipeline(const ForecasterOptions& o);

// Rows a network needs to train: the differencing lags, a window and its targets.
std::size_t rows_needed(const ForecasterOptions& o);
std::size_t window_count(const ForecasterOptions& o, std::size_t rows);
// Of `windows`, the newest ones held out of training to judge early stopping's epochs: those whose targets reach
// into the last o.validation rows (none without patience; at least one window is left to train on).
std::size_t early_stopping_windows(const ForecasterOptions& o, std::size_t windows);
std::string describe_network(const ForecasterOptions& o);
// batch_first, as the windows are laid out.
nn::SequenceModelConfig network_config(const ForecasterOptions& o);

// The members of an ensemble: networks of one configuration from seeds seed, seed + 1, ..., whose transformed
// forecasts are averaged.
using Ensemble = std::vector<nn::SequenceModel<float>>;

struct TrainedNetwork {
  Ensemble networks;
  Pipeline pipeline;     // fitted on the rows the networks were trained on
  train::FitResult fit;  // its last member's
};

// The rows one ensemble trains on, and its number of members (seeds o.seed, o.seed + 1, ...).
struct TrainingRows {
  std::span<const double> values;
  std::span<const TimePoint> dates;
  std::int64_t members = 1;
};

// One ensemble for each entry of `rows`, every member of every ensemble trained side by side on o.threads threads
// (0: every usable core); each network depends only on its rows and seed, so the result is the same with any number
// of threads. `on_epoch` sees the networks as if they trained in turn, one call at a time: every epoch of the
// lowest-numbered network still training, and the last epoch of each that finished before its turn.
std::vector<TrainedNetwork> train_networks(const ForecasterOptions& o, std::span<const TrainingRows> rows,
                                           const train::EpochCallback& on_epoch);

// Forecast of `horizon` steps after the last value, in the original scale; intervals at `levels` from the
// per-step residual scale (transformed scale), extended beyond its length by sqrt(h / length).
Forecast network_forecast(const Ensemble& networks, const Pipeline& pipeline,
                          const ForecasterOptions& o, std::span<const double> values, std::span<const TimePoint> dates,
                          Frequency frequency, std::size_t horizon, std::span<const double> levels = {},
                          std::span<const double> residual_scale = {});

// Root mean squared in-sample error of each forecast step 1..o.horizon over every origin of the training rows,
// in the transformed scale.
std::vector<double> residual_scale(const Ensemble& networks, const Pipeline& pipeline,
                                   const ForecasterOptions& o, std::span<const double> values,
                                   std::span<const TimePoint> dates, Frequency frequency);

// sqrt(mean of (out-of-sample error / in-sample scale)^2) over every step from every origin, for a network
// trained on the rows before `fit_end`; at least 1.
double interval_inflation(const Ensemble& networks, const Pipeline& pipeline,
                          const ForecasterOptions& o, std::span<const double> values, std::span<const TimePoint> dates,
                          Frequency frequency, std::size_t fit_end, std::span<const std::size_t> origins,
                          std::size_t steps);

}  // namespace elman::ts::detail
