#include "elman/train/losses.hpp"

#include <cmath>
#include <numbers>

#include "elman/core/error.hpp"

namespace elman::train {
namespace {

template <typename T>
void check_sizes(const char* loss, std::span<const T> input, std::span<const T> target, std::span<T> grad) {
  if (target.size() != input.size())
    fail("{}: expected target with {} elements like the input, got {}", loss, input.size(), target.size());
  if (!grad.empty() && grad.size() != input.size())
    fail("{}: expected grad_input with {} elements like the input, got {}", loss, input.size(), grad.size());
  if (input.empty()) fail("{}: expected a non-empty input", loss);
}

// The scale that a reduction puts on each term (and so on each gradient).
template <typename T>
T reduction_scale(Reduction reduction, std::size_t count) {
  return reduction == Reduction::kMean ? T(1) / T(count) : T(1);
}

// Sums the per-element terms and writes scale * derivative; term(d, derivative&) returns one element's loss.
template <typename T, typename Term>
T elementwise_loss(const char* loss, std::span<const T> input, std::span<const T> target, std::span<T> grad,
                   Reduction reduction, Term term) {
  check_sizes(loss, input, target, grad);
  const T scale = reduction_scale<T>(reduction, input.size());
  T total = T(0);
  for (std::size_t i = 0; i < input.size(); ++i) {
    T derivative = T(0);
    total += term(input[i] - target[i], derivative);
    if (!grad.empty()) grad[i] = derivative * scale;
  }
  return reduction == Reduction::kMean ? total / T(input.size()) : total;
}

template <typename T>
T sign(T x) {
  return T((x > T(0)) - (x < T(0)));
}

}  // namespace

Reduction parse_reduction(std::string_view text) {
  if (text == "mean") return Reduction::kMean;
  if (text == "sum") return Reduction::kSum;
  fail("reduction: expected 'mean' or 'sum', got '{}'", text);
}

template <typename T>
T mse_loss(std::span<const T> input, std::span<const T> target, std::span<T> grad, Reduction reduction) {
  return elementwise_loss<T>("mse_loss", input, target, grad, reduction, [](T d, T& derivative) {
    derivative = T(2) * d;
    return d * d;
  });
}

template <typename T>
T l1_loss(std::span<const T> input, std::span<const T> target, std::span<T> grad, Reduction reduction) {
  return elementwise_loss<T>("l1_loss", input, target, grad, reduction, [](T d, T& derivative) {
    derivative = sign(d);
    return std::abs(d);
  });
}

template <typename T>
T huber_loss(std::span<const T> input, std::span<const T> target, std::span<T> grad, Reduction reduction, T delta) {
  if (!(delta > T(0))) fail("huber_loss: expected delta > 0, got {}", delta);
  return elementwise_loss<T>("huber_loss", input, target, grad, reduction, [delta](T d, T& derivative) {
    // aten huber_loss_backward: the quadratic branch's gradient d also holds at |d| == delta.
    derivative = d < -delta ? -delta : (d > delta ? delta : d);
    const T z = std::abs(d);
    return z < delta ? T(0.5) * z * z : delta * (z - T(0.5) * delta);
  });
}

template <typename T>
T smooth_l1_loss(std::span<const T> input, std::span<const T> target, std::span<T> grad, Reduction reduction, T beta) {
  if (beta < T(0)) fail("smooth_l1_loss: expected beta >= 0, got {}", beta);
  return elementwise_loss<T>("smooth_l1_loss", input, target, grad, reduction, [beta](T d, T& derivative) {
    // aten's smooth_l1_backward tests d <= -beta first, so with beta == 0 a tie gets -1 (not L1's 0).
    derivative = d <= -beta ? T(-1) : (d >= beta ? T(1) : d / beta);
    const T z = std::abs(d);
    return z < beta ? T(0.5) * z * z / beta : z - T(0.5) * beta;
  });
}

template <typename T>
T gaussian_nll_loss(std::span<const T> input, std::span<const T> target, std::span<const T> var,
                    std::span<T> grad_input, std::span<T> grad_var, Reduction reduction, bool full, T eps) {
  check_sizes("gaussian_nll_loss", input, target, grad_input);
  if (var.size() != input.size())
    fail("gaussian_nll_loss: expected var with {} elements like the input, got {}", input.size(), var.size());
  if (!grad_var.empty() && grad_var.size() != input.size())
    fail("gaussian_nll_loss: expected grad_var with {} elements like the input, got {}", input.size(), grad_var.size());
  for (std::size_t i = 0; i < var.size(); ++i)
    if (var[i] < T(0)) fail("gaussian_nll_loss: expected var >= 0, got {} at element {}", var[i], i);
  const T scale = reduction_scale<T>(reduction, input.size());
  const T constant = full ? T(0.5 * std::log(2 * std::numbers::pi)) : T(0);
  T total = T(0);
  for (std::size_t i = 0; i < input.size(); ++i) {
    const T v = std::max(var[i], eps);
    const T d = input[i] - target[i];
    total += T(0.5) * (std::log(v) + d * d / v) + constant;
    if (!grad_input.empty()) grad_input[i] = d / v * scale;
    if (!grad_var.empty()) grad_var[i] = T(0.5) * (T(1) / v - d * d / (v * v)) * scale;
  }
  return reduction == Reduction::kMean ? total / T(input.size()) : total;
}

template <typename T>
T quantile_loss(std::span<const T> input, std::span<const T> target, std::span<const T> quantiles, std::span<T> grad,
                Reduction reduction) {
  const std::size_t k = quantiles.size();
  if (k == 0) fail("quantile_loss: expected at least one quantile");
  for (const T q : quantiles)
    if (!(q > T(0) && q < T(1))) fail("quantile_loss: expected quantiles in (0, 1), got {}", q);
  if (input.size() != target.size() * k)
    fail("quantile_loss: expected input of shape ({}, {}) for {} targets and {} quantiles, got {} elements",
         target.size(), k, target.size(), k, input.size());
  if (!grad.empty() && grad.size() != input.size())
    fail("quantile_loss: expected grad_input with {} elements like the input, got {}", input.size(), grad.size());
  const T scale = reduction_scale<T>(reduction, input.size());
  T total = T(0);
  for (std::size_t n = 0; n < target.size(); ++n) {
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t i = n * k + j;
      const T q = quantiles[j];
      const T e = target[n] - input[i];
      total += std::max(q * e, (q - T(1)) * e);
      // d/dx of max(q e, (q - 1) e) with de/dx = -1; torch.maximum halves the gradient at a tie.
      const T derivative = e > T(0) ? -q : (e < T(0) ? T(1) - q : T(0.5) - q);
      if (!grad.empty()) grad[i] = derivative * scale;
    }
  }
  return reduction == Reduction::kMean ? total / T(input.size()) : total;
}

#define ELMAN_INSTANTIATE_LOSSES(T)                                                                                    \
  template T mse_loss(std::span<const T>, std::span<const T>, std::span<T>, Reduction);                                \
  template T l1_loss(std::span<const T>, std::span<const T>, std::span<T>, Reduction);                                 \
  template T huber_loss(std::span<const T>, std::span<const T>, std::span<T>, Reduction, T);                           \
  template T smooth_l1_loss(std::span<const T>, std::span<const T>, std::span<T>, Reduction, T);                       \
  template T gaussian_nll_loss(std::span<const T>, std::span<const T>, std::span<const T>, std::span<T>, std::span<T>, \
                               Reduction, bool, T);                                                                    \
  template T quantile_loss(std::span<const T>, std::span<const T>, std::span<const T>, std::span<T>, Reduction);

ELMAN_INSTANTIATE_LOSSES(float)
ELMAN_INSTANTIATE_LOSSES(double)

}  // namespace elman::train
