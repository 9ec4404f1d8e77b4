// The pointwise kernels for x86's vector extensions, each compiled for its instruction set with a target pragma so
// that the rest of the library stays baseline x86-64: AVX2 + FMA (Haswell, Zen and later) and AVX-512 F/DQ/VL
// (Skylake-X, Zen 4 and later), the same loops 8 or 16 floats wide. Each gets its own namespace, so its own copies
// of the inline functions. pointwise_kernels() hands each set out only where the CPU reports its features.
#include <cstdint>

#include "elman/core/error.hpp"
#include "kernels/pointwise_kernels.hpp"

#if defined(__x86_64__) || defined(__i386__)

#pragma GCC push_options
// The selects of vector_math.inc (clamps, sign choices) may only become vector blends if the arithmetic g++
// moves into their arms may be evaluated on both sides; without trapping math it may. Results are unchanged:
// elman never enables floating-point traps.
#pragma GCC optimize("no-trapping-math")

// Each set's section: its target, its namespace, the loops (fma_cell_loops.inc).
#pragma GCC push_options
#pragma GCC target("avx2,fma")
namespace elman::kernels::detail::avx2 {
#include "kernels/fma_cell_loops.inc"
}  // namespace elman::kernels::detail::avx2
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx512vl,avx2,fma,prefer-vector-width=512")
namespace elman::kernels::detail::avx512 {
#include "kernels/fma_cell_loops.inc"
}  // namespace elman::kernels::detail::avx512
#pragma GCC pop_options

#pragma GCC pop_options

namespace elman::kernels::detail {

template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx2() {
  return avx2::kPointwiseKernels<T>;
}

template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx512() {
  return avx512::kPointwiseKernels<T>;
}

}  // namespace elman::kernels::detail

#else

namespace elman::kernels::detail {

template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx2() {
  fail("pointwise_kernels_avx2: not an x86 build");
}

template <typename T>
const PointwiseKernels<T>& pointwise_kernels_avx512() {
  fail("pointwise_kernels_avx512: not an x86 build");
}

}  // namespace elman::kernels::detail

#endif

namespace elman::kernels::detail {
template const PointwiseKernels<float>& pointwise_kernels_avx2<float>();
template const PointwiseKernels<double>& pointwise_kernels_avx2<double>();
template const PointwiseKernels<float>& pointwise_kernels_avx512<float>();
template const PointwiseKernels<double>& pointwise_kernels_avx512<double>();
}  // namespace elman::kernels::detail
