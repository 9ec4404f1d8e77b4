#include "elman/nn/linear.hpp"

#include <cmath>

#include "elman/kernels/gemm.hpp"

namespace elman::nn {

template <typename T>
Linear<T>::Linear(Parameters<T>& params, const std::string& prefix, std::int64_t in_features, std::int64_t out_features,
                  bool bias)
    : prefix_(prefix), in_(in_features), out_(out_features), has_bias_(bias) {
  if (in_features <= 0 || out_features <= 0)
    fail("{}: Linear expected positive in_features and out_features, got {} and {}", prefix, in_features, out_features);
  weight_ = params.add(prefix + "weight", {out_features, in_features});
  if (bias) bias_ = params.add(prefix + "bias", {out_features});
}

template <typename T>
void Linear<T>::reset_parameters(Parameters<T>& params, Rng& rng) const {
  const double bound = 1.0 / std::sqrt(double(in_));
  for (T& w : params.value(weight_)) w = T(rng.uniform(-bound, bound));
  if (has_bias_)
    for (T& b : params.value(bias_)) b = T(rng.uniform(-bound, bound));
}

template <typename T>
void Linear<T>::check_input(const Tensor<T>& x, const char* what, std::int64_t columns) const {
  if (x.dim() != 2 || x.size(1) != columns)
    fail("{}: Linear expected {} of shape (N, {}), got {}", prefix_, what, columns, to_string(x.shape()));
}

template <typename T>
Tensor<T> Linear<T>::forward(const Parameters<T>& params, const Tensor<T>& x) const {
  check_input(x, "input", in_);
  const std::int64_t n = x.size(0);
  Tensor<T> y({n, out_});
  if (has_bias_) {
    const auto b = params.value(bias_);
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t j = 0; j < out_; ++j) y[i * out_ + j] = b[std::size_t(j)];
  }
  // y (N, out) = x (N, in) W^T (in, out) + y
  kernels::gemm<T>(false, true, n, out_, in_, T(1), x.data(), in_, params.value(weight_).data(), in_,
                   has_bias_ ? T(1) : T(0), y.data(), out_);
  return y;
}

template <typename T>
Tensor<T> Linear<T>::backward(Parameters<T>& params, const Tensor<T>& x, const Tensor<T>& grad_y) const {
  check_input(x, "input", in_);
  check_input(grad_y, "grad_output", out_);
  const std::int64_t n = x.size(0);
  if (grad_y.size(0) != n)
    fail("{}: Linear expected grad_output with {} rows like the input, got {}", prefix_, n, grad_y.size(0));
  // dW (out, in) += grad_y^T (out, N) x (N, in)
  kernels::gemm<T>(true, false, out_, in_, n, T(1), grad_y.data(), out_, x.data(), in_, T(1),
                   params.grad(weight_).data(), in_);
  if (has_bias_) {
    auto db = params.grad(bias_);
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t j = 0; j < out_; ++j) db[std::size_t(j)] += grad_y[i * out_ + j];
  }
  // grad_x (N, in) = grad_y (N, out) W (out, in)
  Tensor<T> grad_x({n, in_});
  kernels::gemm<T>(false, false, n, in_, out_, T(1), grad_y.data(), out_, params.value(weight_).data(), in_, T(0),
                   grad_x.data(), in_);
  return grad_x;
}

template class Linear<float>;
template class Linear<double>;

}  // namespace elman::nn
