// The pointwise kernels for AVX-512 (Skylake-X, Zen 4 and later): the same loops as pointwise_isa_avx2.cpp,
// vectorised 16 floats / 8 doubles wide, the clamps and sign choices as mask blends. pointwise_kernels() hands them
// out only where the CPU reports AVX-512F with the OS saving its registers.
#include <cstdint>

#include "elman/core/error.hpp"
#include "kernels/pointwise_kernels.hpp"

#if defined(__x86_64__) || defined(__i386__)

#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx512vl,avx2,fma,prefer-vector-width=512")
// The selects of vector_math.inc (clamps, sign choices) may only become vector blends if the arithmetic g++
// moves into their arms may be evaluated on both sides; without trapping math it may. Results are unchanged:
// elman never enables floating-point traps.
#pragma GCC optimize("no-trapping-math")

namespace elman::kernels::detail {
namespace avx512 {

// One rounding instead of two, whatever -ffp-contract says: the vectoriser turns __builtin_fma into vfmadd here.
inline float madd(float a, float b, float c) { return __builtin_fmaf(a, b, c); }
inline double madd(double a, double b, double c) { return __builtin_fma(a, b, c); }

// cell_loops.inc uses vector_math.inc: keep the order.
// clang-format off
#include "kernels/vector_math.inc"
#include "kernels/cell_loops.inc"
// clang-format on

}  // namespace avx512

template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx512() {
  return avx512::kPointwiseKernels<T>;
}

template const PointwiseKernels<float>& pointwise_kernels_avx512<float>();
template const PointwiseKernels<double>& pointwise_kernels_avx512<double>();

}  // namespace elman::kernels::detail

#pragma GCC pop_options

#else

namespace elman::kernels::detail {
template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx512() {
  fail("pointwise_kernels_avx512: not an x86 build");
}
template const PointwiseKernels<float>& pointwise_kernels_avx512<float>();
template const PointwiseKernels<double>& pointwise_kernels_avx512<double>();
}  // namespace elman::kernels::detail

#endif
