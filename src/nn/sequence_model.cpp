#include "elman/nn/sequence_model.hpp"

#include <algorithm>

namespace elman::nn {

void SequenceModelConfig::validate() const {
  rnn.validate();
  if (output_size <= 0) fail("SequenceModel: output_size (the head's out_features) must be positive, got {}", output_size);
  if (!(dropout >= 0.0 && dropout <= 1.0))
    fail("SequenceModel: dropout must be a probability in [0, 1], got {}", dropout);
  if (first_step < 0) fail("SequenceModel: first_step must be 0 or more, got {}", first_step);
  if (first_step > 0 && !every_step)
    fail("SequenceModel: first_step {} needs every_step (the head reads the last step only)", first_step);
}

namespace {

SequenceModelConfig validated(SequenceModelConfig config) {
  config.validate();
  return config;
}

}  // namespace

template <typename T>
SequenceModel<T>::SequenceModel(SequenceModelConfig config)
    : config_(validated(std::move(config))),
      rnn_(config_.rnn, params_, "rnn."),
      head_(params_, "head.", config_.features(), config_.output_size) {}

template <typename T>
void SequenceModel<T>::reset_parameters(std::uint64_t seed) {
  Rng rng(seed);
  rnn_.reset_parameters(params_, rng);
  head_.reset_parameters(params_, rng);
}

// Where the head's input row `row` lies in the stack's output: every step's from first_step on, in the output's
// order ((T - first_step)*N or N*(T - first_step) rows), or the last step's (out[:, -1] for batch_first, out[-1]
// otherwise), one row per sequence.
template <typename T>
std::int64_t SequenceModel<T>::feature_offset(const SequenceModelCache<T>& cache, std::int64_t row) const {
  const std::int64_t f = config_.features(), steps = cache.rnn.steps, batch = cache.rnn.batch;
  const std::int64_t first = config_.every_step ? config_.first_step : steps - 1, read = steps - first;
  if (config_.rnn.batch_first) return ((row / read) * steps + first + row % read) * f;
  return (first * batch + row) * f;
}

template <typename T>
Tensor<T> SequenceModel<T>::select_features(const SequenceModelCache<T>& cache, const Tensor<T>& output) const {
  const std::int64_t f = config_.features(), steps = cache.rnn.steps, batch = cache.rnn.batch;
  const std::int64_t rows = config_.every_step ? (steps - config_.first_step) * batch : batch;
  Tensor<T> out({rows, f});
  for (std::int64_t row = 0; row < rows; ++row)
    std::copy_n(output.data() + feature_offset(cache, row), f, out.data() + row * f);
  return out;
}

// torch.nn.Dropout: zero with probability p, scale the kept values by 1/(1-p) (p = 1 zeroes everything).
template <typename T>
void SequenceModel<T>::apply_dropout(SequenceModelCache<T>& cache, Rng& rng) const {
  const double p = config_.dropout;
  const T scale = p < 1.0 ? T(1.0 / (1.0 - p)) : T(0);
  cache.dropout_mask = Tensor<T>(cache.features.shape());
  for (std::int64_t i = 0; i < cache.features.numel(); ++i) {
    cache.dropout_mask[i] = rng.bernoulli(p) ? T(0) : scale;
    cache.features[i] *= cache.dropout_mask[i];
  }
}

template <typename T>
Tensor<T> SequenceModel<T>::forward(const Tensor<T>& input, SequenceModelCache<T>& cache, bool training,
                                    Rng* dropout_rng) const {
  if (input.dim() != 3)
    fail("SequenceModel: expected a batched input of shape {} with I = {}, got {}",
         config_.rnn.batch_first ? "(N, T, I)" : "(T, N, I)", config_.rnn.input_size, to_string(input.shape()));
  const bool dropout = training && config_.dropout > 0.0;
  if (dropout && !dropout_rng) fail("SequenceModel: dropout {} in training mode needs a random generator", config_.dropout);
  if (config_.every_step && config_.first_step >= input.size(config_.rnn.batch_first ? 1 : 0))
    fail("SequenceModel: first_step {} needs sequences longer than that, got {} steps", config_.first_step,
         input.size(config_.rnn.batch_first ? 1 : 0));
  const RecurrentOutput<T> out = rnn_.forward(params_, input, cache.rnn, nullptr, nullptr, training, dropout_rng);
  cache.rnn_output_shape = out.output.shape();
  cache.features = select_features(cache, out.output);
  cache.dropout_mask = Tensor<T>();
  if (dropout) apply_dropout(cache, *dropout_rng);
  Tensor<T> predictions = head_.forward(params_, cache.features);
  if (config_.every_step) {
    const std::int64_t read = cache.rnn.steps - config_.first_step;
    predictions.reshape(config_.rnn.batch_first ? Shape{cache.rnn.batch, read, config_.output_size}
                                                : Shape{read, cache.rnn.batch, config_.output_size});
  }
  return predictions;
}

template <typename T>
void SequenceModel<T>::backward(const SequenceModelCache<T>& cache, const Tensor<T>& grad_predictions) {
  const std::int64_t rows = cache.features.size(0), f = config_.features(), k = config_.output_size;
  if (grad_predictions.numel() != rows * k || grad_predictions.size(-1) != k)
    fail("SequenceModel: grad_predictions expected {} values ending in K = {}, got shape {}", rows * k, k,
         to_string(grad_predictions.shape()));
  Tensor<T> grad_y = grad_predictions;
  grad_y.reshape({rows, k});
  Tensor<T> grad_features = head_.backward(params_, cache.features, grad_y);
  if (!cache.dropout_mask.empty())
    for (std::int64_t i = 0; i < grad_features.numel(); ++i) grad_features[i] *= cache.dropout_mask[i];
  Tensor<T> grad_output(cache.rnn_output_shape);  // zero at the steps the head does not read
  for (std::int64_t row = 0; row < rows; ++row)
    std::copy_n(grad_features.data() + row * f, f, grad_output.data() + feature_offset(cache, row));
  rnn_.backward(params_, cache.rnn, grad_output);
}

template <typename T>
Tensor<T> SequenceModel<T>::predict(const Tensor<T>& sequence) const {
  if (sequence.dim() != 2 || sequence.size(1) != config_.rnn.input_size)
    fail("SequenceModel::predict: expected one sequence of shape (T, {}), got {}", config_.rnn.input_size,
         to_string(sequence.shape()));
  Tensor<T> batched = sequence;  // a batch of one has the same values in either layout
  const std::int64_t steps = sequence.size(0);
  batched.reshape(config_.rnn.batch_first ? Shape{1, steps, sequence.size(1)} : Shape{steps, 1, sequence.size(1)});
  SequenceModelCache<T> cache;
  Tensor<T> predictions = forward(batched, cache);
  predictions.reshape(config_.every_step ? Shape{steps - config_.first_step, config_.output_size}
                                         : Shape{config_.output_size});
  return predictions;
}

template class SequenceModel<float>;
template class SequenceModel<double>;

}  // namespace elman::nn
