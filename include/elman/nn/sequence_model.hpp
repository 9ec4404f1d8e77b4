#pragma once
// SequenceModel<T>: a recurrent stack, optional dropout on its output, and a Linear head, as the ~10-line
// torch.nn.Module in docs/sequence_model.md:
//   out, _ = self.rnn(x); out = out[:, -1] (batch_first) or out[-1]; return self.head(self.dropout(out))
// With `every_step` the head reads every time step (sequence-to-sequence) instead of the last one, or every step
// from `first_step` on (`self.head(out[:, first_step:])`: forking sequences, each step forecasting what follows it).
// All parameters live in one Parameters<T> arena the model owns, under state_dict names "rnn.*" and "head.*";
// optimizers walk values()/grads() as flat arrays. As the layers it is made of, forward fills an explicit cache
// and backward ADDS into the gradients (zero_grad clears them).
#include <cstdint>
#include <span>

#include "elman/core/parameters.hpp"
#include "elman/core/random.hpp"
#include "elman/core/tensor.hpp"
#include "elman/nn/linear.hpp"
#include "elman/nn/recurrent.hpp"

namespace elman::nn {

struct SequenceModelConfig {
  RecurrentConfig rnn;
  std::int64_t output_size = 1;  // K: the head's out_features
  double dropout = 0.0;          // torch.nn.Dropout on the head's input, training only
  bool every_step = false;       // head on every step's output: predictions (N, T, K) / (T, N, K)
  std::int64_t first_step = 0;   // every_step: the head reads steps first_step..T-1: (N, T - first_step, K)

  // Throws elman::Error naming the option that is out of range.
  void validate() const;
  // The head's in_features: D * H_out.
  std::int64_t features() const { return rnn.directions() * rnn.output_size(); }
};

template <typename T>
struct SequenceModelCache {
  RecurrentCache<T> rnn;
  Shape rnn_output_shape;  // as the stack returned it
  Tensor<T> features;      // (M, D*H_out): the head's input after dropout; M = N, or (T - first_step)*N for every_step
  Tensor<T> dropout_mask;  // (M, D*H_out) of 0 and 1/(1-p); empty without dropout
};

template <typename T>
class SequenceModel {
 public:
  explicit SequenceModel(SequenceModelConfig config);
  // The layers hold only indices into the arena, so a copy is an independent model.
  SequenceModel(const SequenceModel&) = default;
  SequenceModel& operator=(const SequenceModel&) = default;

  const SequenceModelConfig& config() const { return config_; }
  Parameters<T>& parameters() { return params_; }
  const Parameters<T>& parameters() const { return params_; }
  std::span<T> values() { return params_.values(); }
  std::span<const T> values() const { return params_.values(); }
  std::span<T> grads() { return params_.grads(); }
  void zero_grad() { params_.zero_grad(); }

  // PyTorch's init for both parts from one generator: the stack's U(-1/√H, 1/√H), then the head's.
  void reset_parameters(std::uint64_t seed);

  // input (N, T, I) when rnn.batch_first, else (T, N, I) → predictions (N, K), or every_step (N, T', K) /
  // (T', N, K) in the input's layout, T' = T - first_step. Training applies both dropouts and then needs `dropout_rng`.
  Tensor<T> forward(const Tensor<T>& input, SequenceModelCache<T>& cache, bool training = false,
                    Rng* dropout_rng = nullptr) const;
  // grad_predictions of the forward output's shape; adds every parameter's gradient.
  void backward(const SequenceModelCache<T>& cache, const Tensor<T>& grad_predictions);

  // One unbatched sequence (T, I) in evaluation mode → (K,), or (T - first_step, K) for every_step.
  Tensor<T> predict(const Tensor<T>& sequence) const;

 private:
  std::int64_t feature_offset(const SequenceModelCache<T>& cache, std::int64_t row) const;
  Tensor<T> select_features(const SequenceModelCache<T>& cache, const Tensor<T>& output) const;
  void apply_dropout(SequenceModelCache<T>& cache, Rng& rng) const;

  SequenceModelConfig config_;
  Parameters<T> params_;
  Recurrent<T> rnn_;
  Linear<T> head_;
};

extern template class SequenceModel<float>;
extern template class SequenceModel<double>;

}  // namespace elman::nn
