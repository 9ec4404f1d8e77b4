#include "elman/nn/stream.hpp"

#include <algorithm>

#include "elman/core/error.hpp"
#include "kernels/cpu_features.hpp"
#include "kernels/isa_region.hpp"
#include "stack_driver.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace elman::nn {
namespace {

using Index = std::int64_t;

// y = A v + b over panels of kLanes rows (PanelMatrix's layout): per panel, kLanes accumulators start from b and
// take one multiply-add per column k, A[:, k] of the panel being contiguous. Plain loops that the compiler
// vectorises for the baseline ISA.
template <typename T>
void multiply_portable(const T* panels, Index count, Index cols, const T* v, const T* b, T* y, bool backwards) {
  constexpr Index kLanes = PanelMatrix<T>::kLanes;
  for (Index i = 0; i < count; ++i) {
    const Index p = backwards ? count - 1 - i : i;
    const T* a = panels + p * cols * kLanes;
    T acc[kLanes];
    std::copy(b + p * kLanes, b + (p + 1) * kLanes, acc);
    for (Index k = 0; k < cols; ++k) {
      const T vk = v[k];
      for (Index j = 0; j < kLanes; ++j) acc[j] += a[k * kLanes + j] * vk;
    }
    std::copy(acc, acc + kLanes, y + p * kLanes);
  }
}

}  // namespace
}  // namespace elman::nn

#if defined(__x86_64__) || defined(__i386__)
ELMAN_ISA_REGION_BEGIN("avx2,fma")

namespace elman::nn {
namespace {

// The same product with eight 256-bit accumulators per panel (kLanes = 8 registers), compiled for AVX2 + FMA.
void multiply_avx2(const float* panels, Index count, Index cols, const float* v, const float* b, float* y,
                   bool backwards) {
  for (Index i = 0; i < count; ++i) {
    const Index p = backwards ? count - 1 - i : i;
    const float* a = panels + p * cols * 64;
    __m256 acc[8];
#pragma GCC unroll 8
    for (int r = 0; r < 8; ++r) acc[r] = _mm256_loadu_ps(b + p * 64 + 8 * r);
    for (Index k = 0; k < cols; ++k) {
      const __m256 vk = _mm256_broadcast_ss(v + k);
#pragma GCC unroll 8
      for (int r = 0; r < 8; ++r) acc[r] = _mm256_fmadd_ps(_mm256_loadu_ps(a + k * 64 + 8 * r), vk, acc[r]);
    }
#pragma GCC unroll 8
    for (int r = 0; r < 8; ++r) _mm256_storeu_ps(y + p * 64 + 8 * r, acc[r]);
  }
}

void multiply_avx2(const double* panels, Index count, Index cols, const double* v, const double* b, double* y,
                   bool backwards) {
  for (Index i = 0; i < count; ++i) {
    const Index p = backwards ? count - 1 - i : i;
    const double* a = panels + p * cols * 32;
    __m256d acc[8];
#pragma GCC unroll 8
    for (int r = 0; r < 8; ++r) acc[r] = _mm256_loadu_pd(b + p * 32 + 4 * r);
    for (Index k = 0; k < cols; ++k) {
      const __m256d vk = _mm256_broadcast_sd(v + k);
#pragma GCC unroll 8
      for (int r = 0; r < 8; ++r) acc[r] = _mm256_fmadd_pd(_mm256_loadu_pd(a + k * 32 + 4 * r), vk, acc[r]);
    }
#pragma GCC unroll 8
    for (int r = 0; r < 8; ++r) _mm256_storeu_pd(y + p * 32 + 4 * r, acc[r]);
  }
}

}  // namespace
}  // namespace elman::nn

ELMAN_ISA_REGION_END()
#endif

namespace elman::nn {
namespace {

static_assert(PanelMatrix<float>::kLanes == 64 && PanelMatrix<double>::kLanes == 32,
              "multiply_avx2 assumes eight 256-bit registers per panel");

template <typename T>
typename PanelMatrix<T>::Kernel best_kernel() {
#if defined(__x86_64__) || defined(__i386__)
  if (kernels::detail::cpu_has_avx2_fma()) {
    void (*avx2)(const T*, Index, Index, const T*, const T*, T*, bool) = multiply_avx2;
    return avx2;
  }
#endif
  return multiply_portable<T>;
}

template <typename T>
void check_size(std::string_view what, std::span<const T> values, std::size_t expected, std::string_view layout) {
  if (values.size() != expected)
    fail("Streamer: expected {} of {} values {}, got {}", what, expected, layout, values.size());
}

// The bias padded to out.size() rows, zeros where the layer has none (bias = false).
template <typename T>
void load_bias(const Parameters<T>& params, const std::optional<std::size_t>& index, std::vector<T>& out) {
  std::fill(out.begin(), out.end(), T{0});
  if (index) std::ranges::copy(params.value(*index), out.begin());
}

}  // namespace

template <typename T>
PanelMatrix<T>::PanelMatrix(std::int64_t rows, std::int64_t cols, bool baseline_only)
    : kernel_(baseline_only ? multiply_portable<T> : best_kernel<T>()),
      rows_(rows),
      cols_(cols),
      panels_((rows + kLanes - 1) / kLanes),
      panels_data_(std::size_t(panels_ * cols * kLanes) + kLine / sizeof(T), T{0}) {}

template <typename T>
PanelMatrix<T>::PanelMatrix(const PanelMatrix& other)
    : kernel_(other.kernel_),
      rows_(other.rows_),
      cols_(other.cols_),
      panels_(other.panels_),
      panels_data_(other.panels_data_.size(), T{0}) {
  const auto count = panels_ * cols_ * kLanes;
  std::copy(other.panels(), other.panels() + count, panels());
}

template <typename T>
PanelMatrix<T>& PanelMatrix<T>::operator=(const PanelMatrix& other) {
  if (this != &other) *this = PanelMatrix(other);
  return *this;
}

template <typename T>
void PanelMatrix<T>::load(std::span<const T> a) {
  if (a.size() != std::size_t(rows_ * cols_))
    fail("PanelMatrix: expected a ({}, {}) matrix of {} values, got {}", rows_, cols_, rows_ * cols_, a.size());
  for (Index row = 0; row < rows_; ++row) {
    T* panel = panels() + (row / kLanes) * cols_ * kLanes + row % kLanes;
    for (Index k = 0; k < cols_; ++k) panel[k * kLanes] = a[std::size_t(row * cols_ + k)];
  }
}

template <typename T>
Streamer<T>::Streamer(const Recurrent<T>& layer, const Parameters<T>& params)
    : config_(layer.config()), cell_(&kernels::cell_kernels<T>(detail::cell_kind(config_.mode))) {
  if (config_.bidirectional)
    fail(
        "Streamer: expected a unidirectional layer (a reverse direction reads the steps still to come), got "
        "bidirectional = true");
  const Index h = config_.hidden_size, ho = config_.output_size(), gates = cell_->gate_count * h;
  for (Index l = 0; l < config_.num_layers; ++l) {
    Layer& layer_weights = layers_.emplace_back();
    layer_weights.parameters = layer.direction_parameters(l, 0);
    layer_weights.w_ih = PanelMatrix<T>(gates, l == 0 ? config_.input_size : ho);
    layer_weights.w_hh = PanelMatrix<T>(gates, ho);
    if (config_.proj_size > 0) layer_weights.w_hr = PanelMatrix<T>(ho, h);
    layer_weights.b_ih.resize(std::size_t(layer_weights.w_ih.padded_rows()));
    layer_weights.b_hh.resize(std::size_t(layer_weights.w_hh.padded_rows()));
  }
  const auto padded_gates = std::size_t(layers_.front().w_ih.padded_rows());
  h_.resize(std::size_t(config_.num_layers * ho));
  c_.resize(cell_->has_cell_state ? std::size_t(config_.num_layers * h) : 0);
  gx_.resize(padded_gates);
  gh_.resize(padded_gates);
  h_cell_.resize(std::size_t(h));
  c_next_.resize(std::size_t(h));
  constexpr Index kLanes = PanelMatrix<T>::kLanes;
  const auto padded_out = std::size_t((ho + kLanes - 1) / kLanes * kLanes);
  projected_.resize(padded_out);
  zeros_.resize(padded_out);
  cache_.resize(std::size_t(cell_->cache_width * h));
  load(params);
}

template <typename T>
void Streamer<T>::load(const Parameters<T>& params) {
  for (Layer& layer : layers_) {
    const DirectionParameters& p = layer.parameters;
    layer.w_ih.load(params.value(p.weight_ih));
    layer.w_hh.load(params.value(p.weight_hh));
    if (p.weight_hr) layer.w_hr.load(params.value(*p.weight_hr));
    load_bias(params, p.bias_ih, layer.b_ih);
    load_bias(params, p.bias_hh, layer.b_hh);
  }
}

template <typename T>
std::span<const T> Streamer<T>::step(std::span<const T> x) {
  if (x.size() != std::size_t(config_.input_size))
    fail("Streamer: expected an input of {} values (input_size), got {}", config_.input_size, x.size());
  const Index h = config_.hidden_size, ho = config_.output_size();
  const T* input = x.data();
  for (Index l = 0; l < config_.num_layers; ++l) {
    const Layer& layer = layers_[std::size_t(l)];
    T* h_l = h_.data() + l * ho;
    T* c_l = c_.empty() ? nullptr : c_.data() + l * h;
    layer.w_ih.multiply(input, layer.b_ih.data(), gx_.data(), backwards_);
    layer.w_hh.multiply(h_l, layer.b_hh.data(), gh_.data(), backwards_);
    // The kernel reads h_prev and c_prev while it writes, so it writes elsewhere and the state is copied after.
    cell_->forward(1, h, gx_.data(), gh_.data(), h_l, c_l, h_cell_.data(), c_l ? c_next_.data() : nullptr,
                   cache_.data());
    if (config_.proj_size > 0) {
      layer.w_hr.multiply(h_cell_.data(), zeros_.data(), projected_.data(), backwards_);
      std::copy(projected_.begin(), projected_.begin() + ho, h_l);
    } else {
      std::copy(h_cell_.begin(), h_cell_.end(), h_l);
    }
    if (c_l) std::copy(c_next_.begin(), c_next_.end(), c_l);
    input = h_l;
  }
  backwards_ = !backwards_;
  return {h_.data() + (config_.num_layers - 1) * ho, std::size_t(ho)};
}

template <typename T>
void Streamer<T>::reset() {
  std::fill(h_.begin(), h_.end(), T{0});
  std::fill(c_.begin(), c_.end(), T{0});
}

template <typename T>
void Streamer<T>::set_state(std::span<const T> h, std::span<const T> c) {
  check_size("h", h, h_.size(), "(num_layers, H_out)");
  if (!c_.empty())
    check_size("c", c, c_.size(), "(num_layers, hidden_size)");
  else if (!c.empty())
    fail("Streamer: expected no c for mode {} (only LSTM has a cell state), got {} values", mode_name(config_.mode),
         c.size());
  std::ranges::copy(h, h_.begin());
  std::ranges::copy(c, c_.begin());
}

template class PanelMatrix<float>;
template class PanelMatrix<double>;
template class Streamer<float>;
template class Streamer<double>;

}  // namespace elman::nn
