#pragma once
// Recurrent<T>: torch.nn.RNN / LSTM / GRU (torch 1.13), every option, forward and backward through time.
// https://pytorch.org/docs/1.13/generated/torch.nn.LSTM.html (and .RNN, .GRU)
//
// One stack driver serves all modes (layers × directions, inter-layer dropout, h0/c0, batch_first, unbatched
// input, the h_n layout and the GEMM schedule); a mode only contributes its cell kernels (elman/kernels).
// As in llm.c, forward fills a RecurrentCache that backward reads, and backward ADDS into the parameter
// gradients (Parameters::zero_grad clears them).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "elman/core/parameters.hpp"
#include "elman/core/random.hpp"
#include "elman/core/tensor.hpp"

namespace elman::nn {

enum class Mode { RnnTanh, RnnRelu, Lstm, Gru };

// "RNN_TANH", "RNN_RELU", "LSTM", "GRU": the names torch uses for RNNBase.mode and model files carry.
std::string_view mode_name(Mode mode);
// Accepts those names (case-insensitive) and "rnn" (= RNN_TANH); throws elman::Error for anything else.
Mode parse_mode(std::string_view text);

struct RecurrentConfig {
  Mode mode = Mode::Lstm;
  std::int64_t input_size = 0;
  std::int64_t hidden_size = 0;
  std::int64_t num_layers = 1;
  bool bias = true;
  bool batch_first = false;
  double dropout = 0.0;  // between layers, training only
  bool bidirectional = false;
  std::int64_t proj_size = 0;  // LSTM only; 0 = no projection

  // Throws elman::Error for what torch's RNNBase.__init__ rejects (naming the option and the allowed range).
  void validate() const;
  std::int64_t directions() const { return bidirectional ? 2 : 1; }
  // H_out: the size of h (proj_size when projecting, hidden_size otherwise).
  std::int64_t output_size() const { return proj_size > 0 ? proj_size : hidden_size; }
  // Gates per cell: 1 (RNN), 4 (LSTM), 3 (GRU).
  std::int64_t gate_count() const;
  bool has_cell_state() const { return mode == Mode::Lstm; }
};

// Indices into Parameters<T> of one layer-direction's tensors.
struct DirectionParameters {
  std::size_t weight_ih = 0;             // (G*H, I_l)
  std::size_t weight_hh = 0;             // (G*H, H_out)
  std::optional<std::size_t> bias_ih;    // (G*H,)
  std::optional<std::size_t> bias_hh;    // (G*H,)
  std::optional<std::size_t> weight_hr;  // (proj, H)
};

// What backward needs from forward. All buffers are time-major; "step s" counts in processing order (the reverse
// direction runs t = T-1 .. 0).
template <typename T>
struct RecurrentCache {
  std::int64_t steps = 0;
  std::int64_t batch = 0;
  bool unbatched = false;
  bool batch_first = false;
  bool has_h0 = false;
  bool has_c0 = false;
  std::vector<Tensor<T>> layer_inputs;   // per layer: (T, N, I_l), after dropout
  std::vector<Tensor<T>> dropout_masks;  // per layer but the last, in training with dropout: (T, N, D*H_out)
  std::vector<Tensor<T>> states;         // per layer-direction: (T+1, N, H_out), states[0] = h0, by step
  std::vector<Tensor<T>> cells;          // LSTM, per layer-direction: (T+1, N, H), cells[0] = c0, by step
  std::vector<Tensor<T>> unprojected;    // proj_size > 0, per layer-direction: (T, N, H) before W_hr, by step
  std::vector<Tensor<T>> gate_cache;     // per layer-direction: (T, N, cache_width*H) from the cell kernel
};

template <typename T>
struct RecurrentOutput {
  Tensor<T> output;  // (T, N, D*H_out), (N, T, D*H_out) if batch_first, (T, D*H_out) unbatched
  Tensor<T> h_n;     // (D*num_layers, N, H_out) whatever batch_first says; (D*num_layers, H_out) unbatched
  Tensor<T> c_n;     // LSTM: (D*num_layers, N, H), (D*num_layers, H) unbatched; empty otherwise
};

template <typename T>
struct RecurrentGradients {
  Tensor<T> input;  // same shape as the input
  Tensor<T> h0;     // same shape as h_n; empty when forward had no h0
  Tensor<T> c0;     // same shape as c_n; empty when forward had no c0
};

template <typename T>
class Recurrent {
 public:
  // Validates the config and registers the parameters under PyTorch's state_dict names with `prefix`
  // (e.g. "rnn." → "rnn.weight_ih_l0"), in torch's order: per layer, per direction, w_ih, w_hh, b_ih, b_hh, w_hr.
  // Values start at zero: call reset_parameters (or load a state_dict).
  Recurrent(RecurrentConfig config, Parameters<T>& params, const std::string& prefix = "");

  const RecurrentConfig& config() const { return config_; }
  // PyTorch's RNNBase.reset_parameters: every parameter from U(-1/√hidden_size, 1/√hidden_size).
  void reset_parameters(Parameters<T>& params, Rng& rng) const;
  // The layer-direction index is layer * D + direction, as in h_n.
  const DirectionParameters& direction_parameters(std::int64_t layer, std::int64_t direction) const {
    return directions_.at(std::size_t(layer * config_.directions() + direction));
  }

  // h0 / c0 may be null (zeros). Dropout between layers applies only when `training` and needs `dropout_rng`.
  RecurrentOutput<T> forward(const Parameters<T>& params, const Tensor<T>& input, RecurrentCache<T>& cache,
                             const Tensor<T>* h0 = nullptr, const Tensor<T>* c0 = nullptr, bool training = false,
                             Rng* dropout_rng = nullptr) const;
  // grad_h_n / grad_c_n may be null (zeros). Adds into params' gradients.
  RecurrentGradients<T> backward(Parameters<T>& params, const RecurrentCache<T>& cache, const Tensor<T>& grad_output,
                                 const Tensor<T>* grad_h_n = nullptr, const Tensor<T>* grad_c_n = nullptr) const;

 private:
  RecurrentConfig config_;
  std::vector<DirectionParameters> directions_;
};

extern template class Recurrent<float>;
extern template class Recurrent<double>;

}  // namespace elman::nn
