#pragma once
// The vectorised pointwise kernels of the cells and the activations they use, compiled once per instruction set
// (pointwise_isa_portable.cpp, pointwise_isa_x86.cpp from cell_loops.inc and vector_math.inc) and chosen at run
// time from the CPU, as gemm_backend chooses its GEMM. cell_kernels() hands out the best set; the reference
// kernels (rnn_kernels.cpp, lstm_kernels.cpp, gru_kernels.cpp) stay for the tests that check these against them.
#include <cstdint>
#include <string_view>

#include "elman/kernels/cell_kernels.hpp"

namespace elman::kernels::detail {

// Maximum errors of the activations, measured against long double over dense grids from the smallest subnormal to
// the largest finite value (vector_math_test.cpp asserts them), in units in the last place of the true result,
// the same for both instruction sets and for float and double: exp ≤ 1 ulp, tanh ≤ 2.5 ulp, sigmoid ≤ 2.5 ulp
// (measured: float 0.98, 2.24, 2.34; double 0.97, 2.20, 2.32). ±0, ±inf and NaN give the exact limits.
template <typename T>
using ArrayFunction = void (*)(std::int64_t size, const T* x, T* y);

template <typename T>
struct PointwiseKernels {
  CellForward<T> rnn_tanh_forward;
  CellBackward<T> rnn_tanh_backward;
  CellForward<T> rnn_relu_forward;
  CellBackward<T> rnn_relu_backward;
  CellForward<T> lstm_forward;
  CellBackward<T> lstm_backward;
  CellForward<T> gru_forward;
  CellBackward<T> gru_backward;
  ArrayFunction<T> exp;  // y = e^x, elementwise
  ArrayFunction<T> tanh;
  ArrayFunction<T> sigmoid;
};

enum class PointwiseIsa { Portable, Avx2, Avx512 };
inline constexpr PointwiseIsa kPointwiseIsas[] = {PointwiseIsa::Portable, PointwiseIsa::Avx2, PointwiseIsa::Avx512};

std::string_view pointwise_isa_name(PointwiseIsa isa);
bool pointwise_isa_available(PointwiseIsa isa);
PointwiseIsa pointwise_best_isa();

// The set compiled for `isa`; fails where the CPU lacks it.
template <typename T>
const PointwiseKernels<T>& pointwise_kernels(PointwiseIsa isa);

// One entry point per instruction set, each in its own translation unit.
template <typename T>
const PointwiseKernels<T>& pointwise_kernels_portable();
template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx2();
template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx512();

}  // namespace elman::kernels::detail
