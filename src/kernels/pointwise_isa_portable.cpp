// The pointwise kernels for baseline x86-64 (SSE2) and every other CPU.
#include <cstdint>

#include "kernels/isa_region.hpp"
#include "kernels/pointwise_kernels.hpp"

#if !defined(__clang__)
#pragma GCC push_options
// See pointwise_isa_x86.cpp: lets the vectoriser turn vector_math.inc's selects into blends.
#pragma GCC optimize("no-trapping-math")
#endif

namespace elman::kernels::detail {
namespace portable {

// Without FMA, a fused multiply-add would be a libm call (fma), which is slower and stops the vectoriser.
template <typename T>
inline T madd(T a, T b, T c) {
  return a * b + c;
}

// cell_loops.inc uses vector_math.inc: keep the order.
// clang-format off
#include "kernels/vector_math.inc"
#include "kernels/cell_loops.inc"
// clang-format on

}  // namespace portable
}  // namespace elman::kernels::detail

#if !defined(__clang__)
#pragma GCC pop_options
#endif

namespace elman::kernels::detail {

template <typename T>
const PointwiseKernels<T>& pointwise_kernels_portable() {
  return portable::kPointwiseKernels<T>;
}

template const PointwiseKernels<float>& pointwise_kernels_portable<float>();
template const PointwiseKernels<double>& pointwise_kernels_portable<double>();

}  // namespace elman::kernels::detail
