#pragma once
// nn::Linear: y = x W^T + b, as torch.nn.Linear (https://pytorch.org/docs/1.13/generated/torch.nn.Linear.html).
// The layer owns no storage: it registers prefix + "weight" (out, in) and prefix + "bias" (out,) in a
// Parameters<T> arena and reads them there at each call. Following llm.c, forward keeps no cache: the caller
// passes the forward input x back to backward, which accumulates into the gradients and returns grad_x.
#include <cstdint>
#include <string>

#include "elman/core/parameters.hpp"
#include "elman/core/random.hpp"
#include "elman/core/tensor.hpp"

namespace elman::nn {

template <typename T>
class Linear {
 public:
  Linear(Parameters<T>& params, const std::string& prefix, std::int64_t in_features, std::int64_t out_features,
         bool bias = true);

  // PyTorch's reset_parameters: kaiming_uniform_(a=sqrt(5)) for the weight, which is U(-1/sqrt(in), 1/sqrt(in)),
  // and the same bound for the bias. Draws the weight in row-major order, then the bias.
  void reset_parameters(Parameters<T>& params, Rng& rng) const;

  // x (N, in) -> y (N, out).
  Tensor<T> forward(const Parameters<T>& params, const Tensor<T>& x) const;
  // x (N, in) as given to forward, grad_y (N, out): adds dL/dW and dL/db to the arena's gradients and
  // returns grad_x (N, in).
  Tensor<T> backward(Parameters<T>& params, const Tensor<T>& x, const Tensor<T>& grad_y) const;

  std::int64_t in_features() const { return in_; }
  std::int64_t out_features() const { return out_; }
  bool has_bias() const { return has_bias_; }
  std::size_t weight_index() const { return weight_; }
  std::size_t bias_index() const { return bias_; }

 private:
  void check_input(const Tensor<T>& x, const char* what, std::int64_t columns) const;

  std::string prefix_;
  std::int64_t in_;
  std::int64_t out_;
  bool has_bias_;
  std::size_t weight_;
  std::size_t bias_ = 0;
};

}  // namespace elman::nn
