#include "elman/train/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <string>

namespace elman::train {

LossKind parse_loss(std::string_view text) {
  if (text == "mse") return LossKind::kMse;
  if (text == "l1") return LossKind::kL1;
  if (text == "huber") return LossKind::kHuber;
  if (text == "smooth_l1") return LossKind::kSmoothL1;
  fail("loss: expected mse, l1, huber or smooth_l1, got '{}'", text);
}

void TrainOptions::validate() const {
  if (epochs < 0) fail("epochs: expected a non-negative count, got {}", epochs);
  if (batch_size <= 0) fail("batch_size: expected a positive count, got {}", batch_size);
  if (clip_norm < 0.0) fail("clip_norm: expected a non-negative norm (0 = off), got {}", clip_norm);
  if (clip_value < 0.0) fail("clip_value: expected a non-negative value (0 = off), got {}", clip_value);
  if (patience < 0) fail("patience: expected a non-negative count (0 = off), got {}", patience);
  if (!(loss_parameter > 0.0) && (loss == LossKind::kHuber))
    fail("loss_parameter: Huber's delta must be positive, got {}", loss_parameter);
}

namespace {

// Rows `rows` of a sample-major (S, T, W) array, in batch-first (N, T, W) or time-major (T, N, W) order.
template <typename T>
Tensor<T> gather_sequences(const Tensor<T>& data, std::span<const std::int64_t> rows, bool batch_first) {
  const std::int64_t n = std::int64_t(rows.size()), steps = data.size(1), width = data.size(2);
  Tensor<T> out(batch_first ? Shape{n, steps, width} : Shape{steps, n, width});
  for (std::int64_t b = 0; b < n; ++b)
    for (std::int64_t t = 0; t < steps; ++t) {
      const T* from = data.data() + (rows[std::size_t(b)] * steps + t) * width;
      std::copy_n(from, width, out.data() + (batch_first ? b * steps + t : t * n + b) * width);
    }
  return out;
}

template <typename T>
Tensor<T> gather_rows(const Tensor<T>& data, std::span<const std::int64_t> rows) {
  const std::int64_t width = data.numel() / std::max<std::int64_t>(data.size(0), 1);
  Shape shape = data.shape();
  shape[0] = std::int64_t(rows.size());
  Tensor<T> out(shape);
  for (std::size_t b = 0; b < rows.size(); ++b)
    std::copy_n(data.data() + rows[b] * width, width, out.data() + std::int64_t(b) * width);
  return out;
}

template <typename T>
T compute_loss(const TrainOptions& options, const Tensor<T>& predictions, const Tensor<T>& targets,
               std::span<T> grad) {
  const T parameter = T(options.loss_parameter);
  switch (options.loss) {
    case LossKind::kMse: return mse_loss<T>(predictions.span(), targets.span(), grad, options.reduction);
    case LossKind::kL1: return l1_loss<T>(predictions.span(), targets.span(), grad, options.reduction);
    case LossKind::kHuber: return huber_loss<T>(predictions.span(), targets.span(), grad, options.reduction, parameter);
    case LossKind::kSmoothL1:
      return smooth_l1_loss<T>(predictions.span(), targets.span(), grad, options.reduction, parameter);
  }
  fail("loss: unknown kind {}", int(options.loss));
}

// A batch's loss as its share of the epoch's per-sample mean.
double batch_weight(const TrainOptions& options, std::size_t rows) {
  return options.reduction == Reduction::kMean ? double(rows) : 1.0;
}

std::vector<std::int64_t> identity_order(std::int64_t samples) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(samples));
  std::iota(order.begin(), order.end(), std::int64_t{0});
  return order;
}

std::string describe(double value) { return std::isnan(value) ? "nan" : value > 0 ? "inf" : "-inf"; }

[[noreturn]] void diverged(const std::string& what, std::int64_t epoch, std::int64_t batch) {
  fail("training diverged: {} at epoch {}, batch {} (lower the learning rate or clip gradients)", what, epoch, batch);
}

template <typename T>
bool all_finite(std::span<const T> values) {
  return std::all_of(values.begin(), values.end(), [](T v) { return std::isfinite(v); });
}

template <typename T>
double gradient_norm(std::span<const T> grads) {
  double sum = 0.0;
  for (T g : grads) sum += double(g) * double(g);
  return std::sqrt(sum);
}

template <typename T>
void check_dataset(const Dataset<T>& data, const nn::SequenceModelConfig& config, const char* name) {
  const Tensor<T>& x = data.inputs;
  if (x.dim() != 3 || x.size(0) == 0 || x.size(2) != config.rnn.input_size)
    fail("{} set: expected inputs of shape (S, T, {}) with S > 0, got {}", name, config.rnn.input_size,
         to_string(x.shape()));
  const Shape expected = config.every_step ? Shape{x.size(0), x.size(1) - config.first_step, config.output_size}
                                           : Shape{x.size(0), config.output_size};
  if (data.targets.shape() != expected)
    fail("{} set: expected targets of shape {}, got {}", name, to_string(expected), to_string(data.targets.shape()));
}

}  // namespace

template <typename T>
std::pair<Tensor<T>, Tensor<T>> gather_batch(const Dataset<T>& data, std::span<const std::int64_t> rows,
                                             const nn::SequenceModelConfig& config) {
  const bool batch_first = config.rnn.batch_first;
  Tensor<T> inputs = gather_sequences(data.inputs, rows, batch_first);
  Tensor<T> targets = config.every_step ? gather_sequences(data.targets, rows, batch_first)
                                        : gather_rows(data.targets, rows);
  return {std::move(inputs), std::move(targets)};
}

template <typename T>
Trainer<T>::Trainer(nn::SequenceModel<T>& model, Optimizer<T>& optimizer, TrainOptions options)
    : model_(model), optimizer_(optimizer), options_(options) {
  options_.validate();
  state_.rng = Rng(options_.seed);
}

template <typename T>
void Trainer<T>::set_checkpoint_callback(std::function<void(Trainer&)> callback, std::int64_t every) {
  if (every <= 0) fail("checkpoint every: expected a positive number of epochs, got {}", every);
  checkpoint_ = std::move(callback);
  checkpoint_every_ = every;
}

template <typename T>
bool Trainer<T>::steps_per_batch() const {
  switch (options_.schedule_unit) {
    case ScheduleUnit::kBatch: return true;
    case ScheduleUnit::kEpoch: return false;
    case ScheduleUnit::kAuto: break;
  }
  return dynamic_cast<const OneCycleLR*>(schedule_) != nullptr;
}

template <typename T>
double Trainer<T>::train_batch(const Dataset<T>& train, std::span<const std::int64_t> rows, std::int64_t batch_number) {
  const std::int64_t epoch = state_.epoch + 1;
  auto [inputs, targets] = gather_batch(train, rows, model_.config());
  model_.zero_grad();
  // One cache per thread lives across batches: forward overwrites all of it, and reusing its buffers spares the
  // allocation and zero-filling of every step's states and gate caches on each batch.
  thread_local nn::SequenceModelCache<T> cache;
  const Tensor<T> predictions = model_.forward(inputs, cache, true, &state_.rng);
  Tensor<T> grad(predictions.shape());
  const T loss = compute_loss(options_, predictions, targets, grad.span());
  if (!std::isfinite(loss)) diverged("loss is " + describe(double(loss)), epoch, batch_number);
  model_.backward(cache, grad);

  Parameters<T>& params = model_.parameters();
  const double norm = options_.clip_norm > 0.0 ? double(clip_grad_norm(params, options_.clip_norm))
                                               : gradient_norm<T>(params.grads());
  if (!std::isfinite(norm)) diverged("gradient norm is " + describe(norm), epoch, batch_number);
  if (options_.clip_value > 0.0) clip_grad_value(params, options_.clip_value);

  last_finite_.assign(params.values().begin(), params.values().end());
  optimizer_.step(params);
  if (!all_finite<T>(params.values())) {
    std::copy(last_finite_.begin(), last_finite_.end(), params.values().begin());
    diverged("the update made a weight non-finite", epoch, batch_number);
  }
  if (schedule_ && steps_per_batch()) schedule_->step();
  return double(loss) * batch_weight(options_, rows.size());
}

template <typename T>
double Trainer<T>::run_epoch(const Dataset<T>& train) {
  const std::int64_t samples = train.size();
  std::vector<std::int64_t> order = identity_order(samples);
  // Fisher–Yates, from the back (Knuth's Algorithm P).
  if (options_.shuffle)
    for (std::int64_t i = samples - 1; i > 0; --i)
      std::swap(order[std::size_t(i)], order[std::size_t(state_.rng.below(std::uint64_t(i + 1)))]);
  double total = 0.0;
  state_.batch = 0;
  for (std::int64_t start = 0; start < samples; start += options_.batch_size) {
    const std::size_t count = std::size_t(std::min(options_.batch_size, samples - start));
    total += train_batch(train, std::span<const std::int64_t>(order).subspan(std::size_t(start), count), state_.batch + 1);
    ++state_.batch;
  }
  state_.batch = 0;
  return total / double(samples);
}

template <typename T>
double Trainer<T>::evaluate(const Dataset<T>& data) const {
  check_dataset(data, model_.config(), "evaluation");
  const std::int64_t samples = data.size();
  std::vector<std::int64_t> order = identity_order(samples);
  double total = 0.0;
  for (std::int64_t start = 0; start < samples; start += options_.batch_size) {
    const std::size_t count = std::size_t(std::min(options_.batch_size, samples - start));
    auto [inputs, targets] = gather_batch(data, std::span<const std::int64_t>(order).subspan(std::size_t(start), count),
                                          model_.config());
    thread_local nn::SequenceModelCache<T> cache;  // reused across batches, as in train_batch
    const Tensor<T> predictions = model_.forward(inputs, cache, false);
    total += double(compute_loss(options_, predictions, targets, std::span<T>())) * batch_weight(options_, count);
  }
  return total / double(samples);
}

// Early stopping's bookkeeping (Keras' EarlyStopping with restore_best_weights, mode 'min').
template <typename T>
void Trainer<T>::update_best(EpochReport& report) {
  if (options_.patience <= 0) return;
  const double monitored = std::isnan(report.val_loss) ? report.train_loss : report.val_loss;
  if (monitored < state_.best_loss - options_.min_delta) {
    state_.best_loss = monitored;
    state_.best_epoch = report.epoch;
    state_.bad_epochs = 0;
    state_.best_values.assign(model_.values().begin(), model_.values().end());
    report.improved = true;
  } else {
    ++state_.bad_epochs;
  }
}

template <typename T>
FitResult Trainer<T>::fit(const Dataset<T>& train, const Dataset<T>* validation) {
  check_dataset(train, model_.config(), "training");
  if (validation) check_dataset(*validation, model_.config(), "validation");
  const auto start = std::chrono::steady_clock::now();
  FitResult result;
  while (state_.epoch < options_.epochs) {
    EpochReport report;
    report.epochs = options_.epochs;
    report.train_loss = run_epoch(train);
    if (validation) report.val_loss = evaluate(*validation);
    if (plateau_) plateau_->step(validation ? report.val_loss : report.train_loss);
    if (schedule_ && !steps_per_batch()) schedule_->step();
    report.epoch = ++state_.epoch;
    report.lr = optimizer_.lr();
    report.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    update_best(report);
    ++result.epochs_run;
    result.history.push_back(report);
    if (checkpoint_ && (state_.epoch % checkpoint_every_ == 0 || state_.epoch == options_.epochs)) checkpoint_(*this);
    bool keep_going = true;
    for (const EpochCallback& callback : callbacks_) keep_going = callback(report) && keep_going;
    if (options_.patience > 0 && state_.bad_epochs >= options_.patience) {
      result.early_stopped = true;
      break;
    }
    if (!keep_going) {
      result.stopped_by_callback = true;
      return result;
    }
  }
  // Early stopping hands back the best weights seen, whether it stopped early or ran out of epochs.
  if (options_.patience > 0 && !state_.best_values.empty())
    std::copy(state_.best_values.begin(), state_.best_values.end(), model_.values().begin());
  result.best_epoch = state_.best_epoch;
  return result;
}

template class Trainer<float>;
template class Trainer<double>;
template std::pair<Tensor<float>, Tensor<float>> gather_batch(const Dataset<float>&, std::span<const std::int64_t>,
                                                              const nn::SequenceModelConfig&);
template std::pair<Tensor<double>, Tensor<double>> gather_batch(const Dataset<double>&, std::span<const std::int64_t>,
                                                                const nn::SequenceModelConfig&);

}  // namespace elman::train
