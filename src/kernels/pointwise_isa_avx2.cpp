// The pointwise kernels for AVX2 + FMA (Haswell, Zen and later), compiled for that ISA with a target pragma so
// that the rest of the library stays baseline x86-64; pointwise_kernels() hands them out only where the CPU
// reports both features.
#include <cstdint>

#include "elman/core/error.hpp"
#include "kernels/pointwise_kernels.hpp"

#if defined(__x86_64__) || defined(__i386__)

#pragma GCC push_options
#pragma GCC target("avx2,fma")
// The selects of vector_math.inc (clamps, sign choices) may only become vector blends if the arithmetic g++
// moves into their arms may be evaluated on both sides; without trapping math it may. Results are unchanged:
// elman never enables floating-point traps.
#pragma GCC optimize("no-trapping-math")

namespace elman::kernels::detail {
namespace avx2 {

// One rounding instead of two, whatever -ffp-contract says: the vectoriser turns __builtin_fma into vfmadd here.
inline float madd(float a, float b, float c) { return __builtin_fmaf(a, b, c); }
inline double madd(double a, double b, double c) { return __builtin_fma(a, b, c); }

// cell_loops.inc uses vector_math.inc: keep the order.
// clang-format off
#include "kernels/vector_math.inc"
#include "kernels/cell_loops.inc"
// clang-format on

}  // namespace avx2

template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx2() {
  return avx2::kPointwiseKernels<T>;
}

template const PointwiseKernels<float>& pointwise_kernels_avx2<float>();
template const PointwiseKernels<double>& pointwise_kernels_avx2<double>();

}  // namespace elman::kernels::detail

#pragma GCC pop_options

#else

namespace elman::kernels::detail {
template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx2() {
  fail("pointwise_kernels_avx2: not an x86 build");
}
template const PointwiseKernels<float>& pointwise_kernels_avx2<float>();
template const PointwiseKernels<double>& pointwise_kernels_avx2<double>();
}  // namespace elman::kernels::detail

#endif
