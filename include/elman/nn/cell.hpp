#pragma once
// Cell<T>: one time step, as torch.nn.RNNCell / LSTMCell / GRUCell (torch 1.13). A thin API over the same stack
// driver and cell kernels as Recurrent<T> (one layer, one direction, one step).
// Parameters: weight_ih (G*H, I), weight_hh (G*H, H), bias_ih, bias_hh (G*H) under `prefix`, no "_l0" suffix.
#include <cstdint>
#include <string>

#include "elman/core/parameters.hpp"
#include "elman/core/random.hpp"
#include "elman/core/tensor.hpp"
#include "elman/nn/recurrent.hpp"

namespace elman::nn {

struct CellConfig {
  Mode mode = Mode::Lstm;  // RnnTanh / RnnRelu = RNNCell's nonlinearity
  std::int64_t input_size = 0;
  std::int64_t hidden_size = 0;
  bool bias = true;
};

template <typename T>
struct CellOutput {
  Tensor<T> h;  // (N, H), or (H,) for unbatched input
  Tensor<T> c;  // LSTM only, as h
};

template <typename T>
struct CellGradients {
  Tensor<T> input;  // as the input
  Tensor<T> h;      // as h; empty when forward had no h
  Tensor<T> c;      // as c; empty when forward had no c
};

template <typename T>
class Cell {
 public:
  Cell(CellConfig config, Parameters<T>& params, const std::string& prefix = "");
  const CellConfig& config() const { return config_; }
  // U(-1/√hidden_size, 1/√hidden_size) for every parameter, as torch's cells.
  void reset_parameters(Parameters<T>& params, Rng& rng) const;
  // input (N, I) or (I,); h, c (N, H) or (H,) matching, null = zeros.
  CellOutput<T> forward(const Parameters<T>& params, const Tensor<T>& input, RecurrentCache<T>& cache,
                        const Tensor<T>* h = nullptr, const Tensor<T>* c = nullptr) const;
  // grad_h, grad_c: gradients of the new h and c (null = zeros). Adds into params' gradients.
  CellGradients<T> backward(Parameters<T>& params, const RecurrentCache<T>& cache, const Tensor<T>* grad_h,
                            const Tensor<T>* grad_c = nullptr) const;

 private:
  RecurrentConfig stack_config() const;
  CellConfig config_;
  DirectionParameters parameters_;
};

extern template class Cell<float>;
extern template class Cell<double>;

}  // namespace elman::nn
