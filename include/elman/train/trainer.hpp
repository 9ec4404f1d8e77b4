#pragma once
// Trainer<T>: the training loop over a SequenceModel, as a PyTorch user writes it by hand:
//   for epoch: shuffle; for batch: zero_grad, forward, loss, backward, clip, optimizer.step(), schedule.step()
// plus validation, ReduceLROnPlateau on the validation loss, early stopping that restores the best weights,
// callbacks, and a stop on the first non-finite loss or gradient norm that leaves the last finite weights.
// Every random choice (shuffling, dropout) comes from one seeded elman::Rng whose state is part of TrainerState,
// so a run resumed from a checkpoint (elman/io/checkpoint.hpp, through the checkpoint callback: train does not
// include io) continues bit-identically.
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "elman/core/random.hpp"
#include "elman/core/tensor.hpp"
#include "elman/nn/sequence_model.hpp"
#include "elman/train/losses.hpp"
#include "elman/train/optimizers.hpp"
#include "elman/train/schedules.hpp"

namespace elman::train {

// In-memory (input sequence, target) pairs, sample-major whatever the model's layout:
// inputs (S, T, I); targets (S, K), or (S, T, K) for a model with every_step.
template <typename T>
struct Dataset {
  Tensor<T> inputs;
  Tensor<T> targets;
  std::int64_t size() const { return inputs.dim() > 0 ? inputs.size(0) : 0; }
};

enum class LossKind { kMse, kL1, kHuber, kSmoothL1 };
// "mse", "l1", "huber", "smooth_l1"; anything else throws naming the option.
LossKind parse_loss(std::string_view text);

// When the schedule steps: kAuto is per batch for OneCycleLR (its total_steps counts batches), per epoch otherwise.
enum class ScheduleUnit { kAuto, kBatch, kEpoch };

struct TrainOptions {
  std::int64_t epochs = 10;
  std::int64_t batch_size = 32;
  bool shuffle = true;
  std::uint64_t seed = 0;  // shuffling and dropout
  LossKind loss = LossKind::kMse;
  double loss_parameter = 1.0;  // Huber's delta, SmoothL1's beta
  Reduction reduction = Reduction::kMean;
  double clip_norm = 0.0;   // > 0: clip_grad_norm_(max_norm)
  double clip_value = 0.0;  // > 0: clip_grad_value_
  std::int64_t patience = 0;  // > 0: early stopping on the validation loss (training loss without one)
  double min_delta = 0.0;     // an improvement must lower the best loss by more than this
  ScheduleUnit schedule_unit = ScheduleUnit::kAuto;

  void validate() const;
};

// What on_epoch_end callbacks see. Epochs count from 1.
struct EpochReport {
  std::int64_t epoch = 0;
  std::int64_t epochs = 0;
  double train_loss = 0.0;
  double val_loss = std::numeric_limits<double>::quiet_NaN();  // NaN without a validation set
  double lr = 0.0;
  double elapsed_seconds = 0.0;  // since fit() began
  bool improved = false;         // the monitored loss set a new best
};

// Return false to stop training after this epoch.
using EpochCallback = std::function<bool(const EpochReport&)>;

// Everything the loop itself carries from epoch to epoch; checkpoints save and restore it.
template <typename T>
struct TrainerState {
  std::int64_t epoch = 0;  // epochs completed
  std::int64_t batch = 0;  // batches completed in the current epoch (0: checkpoints are taken between epochs)
  Rng rng;
  double best_loss = std::numeric_limits<double>::infinity();
  std::int64_t best_epoch = 0;
  std::int64_t bad_epochs = 0;
  std::vector<T> best_values;  // the arena's values at best_epoch; empty until early stopping records one
};

struct FitResult {
  std::int64_t epochs_run = 0;  // in this call
  bool early_stopped = false;
  bool stopped_by_callback = false;
  std::int64_t best_epoch = 0;
  std::vector<EpochReport> history;
};

template <typename T>
class Trainer {
 public:
  Trainer(nn::SequenceModel<T>& model, Optimizer<T>& optimizer, TrainOptions options);

  // Optional; the trainer does not own them. The schedule must act on this trainer's optimizer.
  void set_schedule(LrScheduler* schedule) { schedule_ = schedule; }
  void set_plateau(ReduceLROnPlateau* plateau) { plateau_ = plateau; }
  void add_callback(EpochCallback callback) { callbacks_.push_back(std::move(callback)); }
  // Called after every `every` epochs (and after the last), once the epoch's state is complete.
  void set_checkpoint_callback(std::function<void(Trainer&)> callback, std::int64_t every = 1);

  // Trains from state().epoch to options.epochs. Throws elman::Error "training diverged: ..." on a non-finite
  // loss or gradient norm, leaving the model's last finite weights.
  FitResult fit(const Dataset<T>& train, const Dataset<T>* validation = nullptr);
  // The mean loss over `data` in evaluation mode (no dropout), batch by batch.
  double evaluate(const Dataset<T>& data) const;

  nn::SequenceModel<T>& model() { return model_; }
  Optimizer<T>& optimizer() { return optimizer_; }
  LrScheduler* schedule() { return schedule_; }
  ReduceLROnPlateau* plateau() { return plateau_; }
  const TrainOptions& options() const { return options_; }
  TrainerState<T>& state() { return state_; }
  const TrainerState<T>& state() const { return state_; }

 private:
  double run_epoch(const Dataset<T>& train);
  double train_batch(const Dataset<T>& train, std::span<const std::int64_t> rows, std::int64_t batch_number);
  void update_best(EpochReport& report);
  bool steps_per_batch() const;

  nn::SequenceModel<T>& model_;
  Optimizer<T>& optimizer_;
  TrainOptions options_;
  LrScheduler* schedule_ = nullptr;
  ReduceLROnPlateau* plateau_ = nullptr;
  std::vector<EpochCallback> callbacks_;
  std::function<void(Trainer&)> checkpoint_;
  std::int64_t checkpoint_every_ = 1;
  TrainerState<T> state_;
  std::vector<T> last_finite_;
};

// The rows `rows` of `data` as a model batch: inputs in the model's layout ((N, T, I) batch_first, else
// (T, N, I)) and targets (N, K), or (N, T, K) / (T, N, K) for every_step.
template <typename T>
std::pair<Tensor<T>, Tensor<T>> gather_batch(const Dataset<T>& data, std::span<const std::int64_t> rows,
                                             const nn::SequenceModelConfig& config);

extern template class Trainer<float>;
extern template class Trainer<double>;

}  // namespace elman::train
